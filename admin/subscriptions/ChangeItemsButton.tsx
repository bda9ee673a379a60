import { useEffect, useMemo, useState } from 'react';
import TuneIcon from '@mui/icons-material/Tune';
import { Button, useDataProvider, useGetList, useRecordContext } from 'react-admin';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useAction } from '../common/useAction';
import type { RecurDataProvider, WantedItem } from '../providers/dataProvider';
import { formatMoney, formatPrice } from '../../shared/money';
import { seatBounds } from '../../shared/plan';
import type { ChangeTiming } from '../../shared/itemChange';
import type { ItemsPreview, Plan, Subscription } from '../types';

type State = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; preview: ItemsPreview } | { status: 'error'; message: string };

/** Stripe's preview of the item set; a newer choice discards an older answer. */
function useItemsPreview(subscriptionId: Subscription['id'] | undefined, items: WantedItem[] | null, when: ChangeTiming | ''): State {
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [state, setState] = useState<State>({ status: 'idle' });
  const key = JSON.stringify([items, when]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for items and when, which are new objects on every render
  useEffect(() => {
    if (subscriptionId === undefined || !items) return setState({ status: 'idle' });
    let current = true;
    setState({ status: 'loading' });
    dataProvider.previewItems(subscriptionId, items, when || undefined).then(
      (preview) => current && setState({ status: 'ready', preview }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof Error ? error.message : 'No preview' }),
    );
    return () => {
      current = false;
    };
  }, [dataProvider, subscriptionId, key]);
  return state;
}

function PreviewText({ state }: { state: State }) {
  if (state.status === 'idle') return <Typography sx={{ mt: 2 }}>Change the add-ons or seats to see what it costs.</Typography>;
  if (state.status === 'loading') return <Typography sx={{ mt: 2 }}>Asking Stripe…</Typography>;
  if (state.status === 'error')
    return (
      <Typography color="error" role="alert" sx={{ mt: 2 }}>
        {state.message}
      </Typography>
    );
  const { preview } = state;
  const date = new Date(preview.effectiveAt * 1000).toLocaleDateString();
  return (
    <div data-testid="items-preview">
      <Typography variant="h6" sx={{ mt: 2 }}>
        {preview.when === 'now' ? 'Due now: ' : `From ${date}, the next charge: `}
        <span data-testid="items-amount-due">{formatMoney(preview.amountDue, preview.currency)}</span>
      </Typography>
      <Typography variant="body2" data-testid="items-when">
        {preview.when === 'now'
          ? 'Takes effect now, prorated, once the charge is paid.'
          : `Scheduled for the end of the period (${date}); nothing is charged now.`}
      </Typography>
      <ul>
        {preview.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: preview lines have no id, and a new preview replaces the whole list
          <li key={index}>
            {line.description ?? 'Line'}: {formatMoney(line.amount, preview.currency)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Add-ons and seats (DESIGN §3.1): pick the set, see Stripe's preview (charged now and prorated, or
 * at the period's end), confirm. The update carries the preview's proration date, so the charge is
 * the amount shown. When the change happens defaults to the settings (upgrades now, downgrades at
 * the period's end); the admin can choose.
 */
export function ChangeItemsButton() {
  const subscription = useRecordContext<Subscription>();
  const [open, setOpen] = useState(false);
  const [addons, setAddons] = useState<number[]>([]);
  const [seats, setSeats] = useState(1);
  const [when, setWhen] = useState<ChangeTiming | ''>('');
  const { data: plans = [] } = useGetList<Plan>('plans', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  const base = plans.find((plan) => String(plan.id) === String(subscription?.planId));
  const current = useMemo(() => {
    const items = subscription?.items ?? [];
    return {
      addons: items
        .slice(1)
        .map((item) => item.planId)
        .filter((id): id is number => id !== null),
      seats: items[0]?.quantity ?? subscription?.quantity ?? 1,
    };
  }, [subscription]);
  // An add-on already on the subscription keeps its quantity; a new one starts at its plan's minimum.
  const addonQuantity = (planId: number) =>
    subscription?.items.slice(1).find((item) => item.planId === planId)?.quantity ??
    seatBounds(plans.find((plan) => Number(plan.id) === planId) ?? { perSeat: false, minQuantity: null, maxQuantity: null }).min;
  const wanted: WantedItem[] | null = base
    ? [{ planId: base.id, quantity: seats }, ...addons.map((planId) => ({ planId, quantity: addonQuantity(planId) }))]
    : null;
  const unchanged = seats === current.seats && [...addons].sort().join() === [...current.addons].sort().join();
  const preview = useItemsPreview(open && !unchanged ? subscription?.id : undefined, wanted, when);
  const { execute, running } = useAction(
    (provider, id: Subscription['id'], items: WantedItem[], ready: ItemsPreview) => provider.updateItems(id, items, ready.when, ready.prorationDate),
    { success: (s) => ({ message: s.pendingChange ? 'Change scheduled for the end of the period' : 'Items changed' }), onDone: () => setOpen(false) },
  );
  if (!subscription) return null;
  const allowed = base ? plans.filter((plan) => base.addonIds.includes(Number(plan.id))) : [];
  const bounds = base ? seatBounds(base) : { min: 1, max: 1 };
  const begin = () => {
    setAddons(current.addons);
    setSeats(current.seats);
    setWhen('');
    setOpen(true);
  };
  return (
    <>
      <Button label="Add-ons & seats" onClick={begin}>
        <TuneIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="change-items-title">
        <DialogTitle id="change-items-title">Add-ons and seats</DialogTitle>
        <DialogContent>
          {base?.perSeat && (
            <TextField
              type="number"
              margin="dense"
              label={`Seats (${bounds.min}–${bounds.max})`}
              value={seats}
              onChange={(event) => setSeats(Math.max(1, Math.floor(Number(event.target.value) || 1)))}
              slotProps={{ htmlInput: { min: bounds.min, max: bounds.max, name: 'seats' } }}
            />
          )}
          {allowed.length === 0 && <Typography sx={{ mt: 1 }}>{base ? `${base.name} offers no add-ons.` : 'Loading the plans…'}</Typography>}
          {allowed.map((plan) => (
            <FormControlLabel
              key={plan.id}
              label={`${plan.name} — ${formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}`}
              control={
                <Checkbox
                  name={`addon-${plan.id}`}
                  checked={addons.includes(Number(plan.id))}
                  onChange={(event) => setAddons((list) => (event.target.checked ? [...list, Number(plan.id)] : list.filter((id) => id !== Number(plan.id))))}
                />
              }
              sx={{ display: 'block' }}
            />
          ))}
          <TextField
            select
            fullWidth
            margin="dense"
            label="When"
            value={when}
            onChange={(event) => setWhen(event.target.value as ChangeTiming | '')}
            slotProps={{ htmlInput: { name: 'when' } }}
          >
            <MenuItem value="">As the settings say (upgrades now, downgrades at period end)</MenuItem>
            <MenuItem value="now">Now, prorated</MenuItem>
            <MenuItem value="period_end">At the end of the period</MenuItem>
          </TextField>
          <PreviewText state={preview} />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label={preview.status === 'ready' && preview.preview.when === 'period_end' ? 'Schedule change' : 'Confirm change'}
            variant="contained"
            disabled={preview.status !== 'ready' || running || !wanted}
            onClick={() => preview.status === 'ready' && wanted && execute(subscription.id, wanted, preview.preview)}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}
