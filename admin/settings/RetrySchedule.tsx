import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { RecurDataProvider } from '../providers/dataProvider';
import type { RetrySchedule as Schedule } from '../types';

/** Read-only: the schedule is Stripe's (or the emulator's) setting, not Recur's. */
export function RetrySchedule() {
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  useEffect(() => {
    dataProvider.retrySchedule().then(setSchedule, () => setSchedule(null));
  }, [dataProvider]);
  return (
    <Card sx={{ mt: 2 }} data-testid="retry-schedule">
      <CardContent>
        <Typography variant="h6">Dunning retry schedule</Typography>
        <Typography variant="body2">{schedule ? schedule.description : 'Loading…'}</Typography>
      </CardContent>
    </Card>
  );
}
