import { useEffect, useState } from 'react';
import { useDataProvider, useRecordContext } from 'react-admin';
import Typography from '@mui/material/Typography';
import type { RecurDataProvider } from '../providers/dataProvider';
import { formatMoney } from '../../shared/money';
import type { NextCharge, Subscription } from '../types';

type State = { status: 'loading' } | NextCharge;

const dateText = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

function describe(state: State): string {
  switch (state.status) {
    case 'loading':
      return '…';
    case 'scheduled': {
      const at = dateText(state.at);
      return `${formatMoney(state.amount, state.currency)}${at ? ` on ${at}` : ''}`;
    }
    case 'none':
      return `No next charge${state.endsAt ? ` — ends ${dateText(state.endsAt)}` : ''}`;
    case 'unavailable':
      return state.message;
  }
}

/**
 * Stripe's preview of the next renewal. A subscription set to end has none, and says so; a
 * preview Stripe fails to give reads "unavailable" here while the rest of the page shows.
 */
export function NextChargeField() {
  const subscription = useRecordContext<Subscription>();
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [state, setState] = useState<State>({ status: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a cancel, resume or status change alters the renewal, so the preview is asked for again
  useEffect(() => {
    if (subscription?.id === undefined) return;
    let current = true;
    setState({ status: 'loading' });
    dataProvider.upcomingCharge(subscription.id).then(
      (next) => current && setState(next),
      (error: unknown) => current && setState({ status: 'unavailable', message: error instanceof Error ? error.message : 'Unavailable' }),
    );
    return () => {
      current = false;
    };
  }, [dataProvider, subscription?.id, subscription?.cancelAtPeriodEnd, subscription?.status]);
  return (
    <Typography variant="body2" data-testid="next-charge" data-status={state.status} color={state.status === 'unavailable' ? 'error' : undefined}>
      {describe(state)}
    </Typography>
  );
}
