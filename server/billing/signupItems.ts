import type { Plan } from '../db/models';
import { own } from '../../shared/own';
import { seatBounds } from '../../shared/plan';
import type { SignupFormView } from './signupFormView';

/**
 * A signup form's add-ons and seats (issue 14). Each offered plan has its own inputs, named after
 * it, so the form works without JavaScript: only the chosen plan's count. Field names hold a dash,
 * which a custom field's key cannot, so they never meet one.
 */
export const addonField = (planId: number, addonId: number) => `addon-${planId}-${addonId}`;
export const seatsField = (planId: number) => `seats-${planId}`;
export const addonsErrorField = (planId: number) => `addons-${planId}`;

/** What the chosen plan is bought with: its seats (the plan's quantity) and the add-ons ticked. */
export interface SignupExtras {
  seats: number;
  addons: Plan[];
}

const ADDON_FIELD = /^addon-(\d{1,9})-(\d{1,9})$/;
const ticked = (value: unknown) => value === 'on' || value === 'true';

/** Whether the form asks for a seat count with this plan. */
export const asksSeats = (view: SignupFormView, plan: Plan) => view.form.offerSeats && plan.perSeat;

/**
 * The chosen plan's extras, checked against the form: only add-ons the form offers with that plan
 * (anything else ticked for it is refused, not dropped, so nobody pays for less than they asked),
 * and seats within the plan's bounds. Another plan's inputs are not looked at.
 */
export function chosenExtras(view: SignupFormView, plan: Plan, body: Record<string, unknown>): { extras: SignupExtras; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const offered = view.addons.get(plan.id) ?? [];
  const addons: Plan[] = [];
  for (const key of Object.keys(body)) {
    const match = ADDON_FIELD.exec(key);
    if (!match || Number(match[1]) !== plan.id || !ticked(own(body, key))) continue;
    const addon = offered.find((a) => a.id === Number(match[2]));
    if (!addon) errors[addonsErrorField(plan.id)] = `That add-on is not offered with ${plan.name}`;
    else if (!addons.includes(addon)) addons.push(addon);
  }
  const { min, max } = seatBounds(plan);
  let seats = min;
  if (asksSeats(view, plan)) {
    const raw = own(body, seatsField(plan.id));
    if (raw !== undefined) {
      const text = typeof raw === 'string' ? raw.trim() : '';
      const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
      if (Number.isInteger(n) && n >= min && n <= max) seats = n;
      else errors[seatsField(plan.id)] = min === max ? `${plan.name} is sold for exactly ${min} seats` : `Choose between ${min} and ${max} seats`;
    }
  }
  // In the form's order (cheapest first), whatever order the browser posted them in.
  addons.sort((a, b) => offered.indexOf(a) - offered.indexOf(b));
  return { extras: { seats, addons }, errors };
}
