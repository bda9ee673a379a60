import { NullableBooleanInput, SelectInput } from 'react-admin';
import { choicesOf } from '../common/choices';

export const TIERS = ['silver', 'gold', 'platinum'] as const;
export const INTERVALS = ['day', 'week', 'month', 'year'] as const;

// The server whitelists exactly these filter keys for plans.
export const planFilters = [
  <NullableBooleanInput key="active" source="active" label="Active" alwaysOn />,
  <SelectInput key="tier" source="tier" choices={choicesOf(TIERS)} alwaysOn />,
  <SelectInput key="interval" source="interval" choices={choicesOf(INTERVALS)} alwaysOn />,
  <SelectInput
    key="kind"
    source="kind"
    choices={[
      { id: 'base', name: 'Base plan' },
      { id: 'addon', name: 'Add-on' },
    ]}
  />,
];
