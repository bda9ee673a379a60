import { Edit } from 'react-admin';
import type { Plan } from '../types';
import { PlanForm } from './PlanForm';

// Only what the server accepts goes out (shared/plan.ts planUpdateSchema); ids and timestamps stay home.
// The kind is fixed once a plan exists (the input is read-only), so it is not sent.
const editable = ({
  name,
  tier,
  amount,
  currency,
  interval,
  intervalCount,
  trialDays,
  active,
  addonIds,
  perSeat,
  minQuantity,
  maxQuantity,
  features,
}: Plan & { features?: Record<string, boolean | number | null> }) => ({
  name,
  tier,
  amount,
  currency,
  interval,
  intervalCount,
  trialDays,
  active,
  addonIds,
  perSeat,
  minQuantity,
  maxQuantity,
  features,
});

/** Pessimistic: a new amount means a new Stripe price, which can fail; the form waits for it. */
export function PlanEdit() {
  return (
    <Edit mutationMode="pessimistic" transform={editable} redirect="list">
      <PlanForm edit />
    </Edit>
  );
}
