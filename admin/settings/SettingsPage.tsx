import { BooleanInput, Edit, NumberInput, SelectInput, SimpleForm, Title, maxValue, minValue, required } from 'react-admin';
import Typography from '@mui/material/Typography';
import { useIsOwner } from '../common/permissions';
import { SETTINGS_ID } from '../providers/dataProvider';
import { RetrySchedule } from './RetrySchedule';

const days = (max: number) => [required(), minValue(0), maxValue(max)];

/**
 * The access policy: how many days an unsettled subscription keeps access. The owner's alone
 * (the server answers 403 to anyone else), so others do not get the page at all.
 */
const TIMING_CHOICES = [
  { id: 'now', name: 'Now, prorated' },
  { id: 'period_end', name: 'At the end of the period' },
];

export function SettingsPage() {
  const isOwner = useIsOwner();
  if (!isOwner) {
    return (
      <>
        <Title title="Settings" />
        <Typography sx={{ m: 2 }}>Settings are the owner's.</Typography>
        <RetrySchedule />
      </>
    );
  }
  return (
    <>
      <Edit resource="settings" id={SETTINGS_ID} mutationMode="pessimistic" redirect={false} title="Settings">
        <SimpleForm>
          <Typography variant="h6">Access policy (grace days)</Typography>
          <NumberInput source="accessPolicy.pastDueGraceDays" label="Past due" validate={days(365)} helperText="Access kept after a renewal fails" />
          <NumberInput source="accessPolicy.unpaidGraceDays" label="Unpaid" validate={days(365)} />
          <NumberInput
            source="accessPolicy.incompleteGraceDays"
            label="Incomplete"
            validate={days(30)}
            helperText="Access kept while a first payment is pending"
          />
          <BooleanInput
            source="accessPolicy.pausedKeepsAccess"
            label="Paused subscriptions keep access"
            helperText="While payment collection is paused (nothing is charged)"
          />
          <Typography variant="h6">Customer portal</Typography>
          <BooleanInput
            source="portalPolicy.customersMayPause"
            label="Customers may pause"
            helperText="Customers pause payments themselves (invoices while paused are voided) and unpause any time"
          />
          <Typography variant="h6">Plan, add-on and seat changes</Typography>
          <SelectInput
            source="changeTiming.upgrades"
            label="Upgrades take effect"
            choices={TIMING_CHOICES}
            validate={required()}
            helperText="More per period"
          />
          <SelectInput
            source="changeTiming.downgrades"
            label="Downgrades take effect"
            choices={TIMING_CHOICES}
            validate={required()}
            helperText="Less per period; at the period's end nobody loses time they paid for"
          />
        </SimpleForm>
      </Edit>
      <RetrySchedule />
    </>
  );
}
