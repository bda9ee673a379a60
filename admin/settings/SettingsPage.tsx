import { Edit, NumberInput, SimpleForm, Title, maxValue, minValue, required } from 'react-admin';
import Typography from '@mui/material/Typography';
import { useIsOwner } from '../common/permissions';
import { SETTINGS_ID } from '../providers/dataProvider';
import { RetrySchedule } from './RetrySchedule';

const days = (max: number) => [required(), minValue(0), maxValue(max)];

/**
 * The access policy: how many days an unsettled subscription keeps access. The owner's alone
 * (the server answers 403 to anyone else), so others do not get the page at all.
 */
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
          <NumberInput source="accessPolicy.incompleteGraceDays" label="Incomplete" validate={days(30)} helperText="Access kept while a first payment is pending" />
        </SimpleForm>
      </Edit>
      <RetrySchedule />
    </>
  );
}
