/** @jsxImportSource hono/jsx */
import type { Plan } from '../db/models';
import { addonField, addonsErrorField, seatsField } from '../billing/signupItems';
import { formatPrice } from '../../shared/money';
import { own } from '../../shared/own';
import { seatBounds } from '../../shared/plan';
import type { CustomValue } from '../../shared/signupForms';
import { FieldError } from './CustomFieldInput';

/**
 * A plan's seat count and add-ons on the hosted form, right under the plan: each plan has inputs
 * of its own, and only the chosen plan's count (without JavaScript too; CSS hides the others).
 */
export function PlanExtras({
  plan,
  addons,
  offerSeats,
  values,
  errors,
}: {
  plan: Plan;
  addons: Plan[];
  offerSeats: boolean;
  values: Record<string, CustomValue | undefined>;
  errors: Record<string, string>;
}) {
  const seats = offerSeats && plan.perSeat ? seatBounds(plan) : null;
  if (!seats && !addons.length) return <FieldError message={own(errors, addonsErrorField(plan.id))} />;
  const typed = own(values, seatsField(plan.id));
  return (
    <div class="extras" data-extras={String(plan.id)}>
      {seats ? (
        <>
          <label for={seatsField(plan.id)}>Seats for {plan.name}</label>
          <input
            id={seatsField(plan.id)}
            type="number"
            name={seatsField(plan.id)}
            min={seats.min}
            max={seats.max}
            value={typeof typed === 'string' ? typed : String(seats.min)}
          />
          <FieldError message={own(errors, seatsField(plan.id))} />
        </>
      ) : null}
      {addons.map((addon) => (
        <label class="check">
          <input type="checkbox" name={addonField(plan.id, addon.id)} value="on" checked={own(values, addonField(plan.id, addon.id)) === true} />
          {addon.name} <span class="price">+{formatPrice(addon.amount, addon.currency, addon.interval, addon.intervalCount)}</span>
        </label>
      ))}
      <FieldError message={own(errors, addonsErrorField(plan.id))} />
    </div>
  );
}
