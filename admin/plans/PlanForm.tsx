import {
  AutocompleteArrayInput,
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  ReferenceArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  maxValue,
  minValue,
  number,
  required,
  regex,
} from 'react-admin';
import Stack from '@mui/material/Stack';
import { choicesOf } from '../common/choices';
import { MoneyInput } from '../common/MoneyInput';
import { INTERVALS, TIERS } from './PlanFilters';
import { PlanFeaturesInput } from './PlanFeaturesInput';

const KIND_CHOICES = [
  { id: 'base', name: 'Base plan' },
  { id: 'addon', name: 'Add-on' },
];

const currencyCode = regex(/^[a-zA-Z]{3}$/, 'A three-letter ISO code, e.g. usd');

/**
 * One form for create and edit. The server validates again (shared/plan.ts) and its per-field
 * errors land on these inputs; Stripe ids are shown, never edited: Stripe assigns them.
 */
export function PlanForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm
      defaultValues={
        edit
          ? undefined
          : { currency: 'usd', interval: 'month', intervalCount: 1, trialDays: 0, active: true, tier: 'silver', kind: 'base', addonIds: [], perSeat: false }
      }
    >
      <TextInput source="name" validate={required()} />
      {/* A plan stays what it was made as: subscriptions and forms rely on it. */}
      <SelectInput
        source="kind"
        choices={KIND_CHOICES}
        validate={required()}
        readOnly={edit}
        helperText="An add-on is sold beside a base plan that allows it"
      />
      <SelectInput source="tier" choices={choicesOf(TIERS)} validate={required()} />
      <Stack direction="row" spacing={2}>
        <MoneyInput source="amount" label="Amount" validate={[required(), number(), minValue(0)]} helperText="In major units, e.g. 19.00" />
        <TextInput source="currency" validate={[required(), currencyCode]} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput source="interval" choices={choicesOf(INTERVALS)} validate={required()} />
        <NumberInput source="intervalCount" label="Every" validate={[required(), minValue(1)]} />
      </Stack>
      <NumberInput source="trialDays" label="Trial days" validate={[minValue(0), maxValue(730)]} />
      <BooleanInput source="perSeat" label="Sold per seat" helperText="The customer picks how many; each seat is charged the amount" />
      <FormDataConsumer<{ perSeat?: boolean; kind?: string }>>
        {({ formData }) => (
          <>
            {formData.perSeat && (
              <Stack direction="row" spacing={2}>
                <NumberInput source="minQuantity" label="Fewest seats" validate={[minValue(1)]} />
                <NumberInput source="maxQuantity" label="Most seats" validate={[minValue(1)]} />
              </Stack>
            )}
            {formData.kind !== 'addon' && (
              // The server checks each add-on bills in this plan's currency and period (Stripe puts all items on one invoice).
              <ReferenceArrayInput
                source="addonIds"
                reference="plans"
                filter={{ kind: 'addon', active: true }}
                perPage={100}
                sort={{ field: 'name', order: 'ASC' }}
              >
                <AutocompleteArrayInput label="Add-ons it allows" optionText="name" />
              </ReferenceArrayInput>
            )}
          </>
        )}
      </FormDataConsumer>
      <PlanFeaturesInput />
      <BooleanInput source="active" />
      {edit && <TextInput source="stripeProductId" label="Stripe product" readOnly />}
      {edit && <TextInput source="stripePriceId" label="Stripe price" readOnly />}
    </SimpleForm>
  );
}
