import { Op } from 'sequelize';
import { previewItems, updateItems } from '../billing/itemChanges';
import { cancelPendingChange } from '../billing/scheduledChange';
import { Plan, Price, type Customer, type Subscription } from '../db/models';
import { ConflictError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { seatBounds } from '../../shared/plan';
import type { ChangeTiming, ItemsPreview, ItemsPreviewInput } from '../../shared/itemChange';
import type { PortalItemsChoice } from '../../shared/portalItems';
import { customerActor } from './actor';
import { ownSubscription } from './ownership';
import { PREVIEW_VALID_SECONDS } from './planChange';

/** What the portal offers on a subscription: its base plan's add-ons, and seats when the base plan is sold per seat. */
export interface ItemsOffer {
  subscription: Subscription;
  base: Plan;
  /** the add-ons the base plan allows (active, on the subscription's terms), and any already on it */
  addons: { plan: Plan; selected: boolean }[];
  seats: { min: number; max: number; current: number } | null;
}

/** A change waiting for the period's end, as the customer reads it. */
export interface PendingView {
  effectiveAt: Date;
  lines: { name: string; quantity: number }[];
  /** what the items then come to per period, before discounts */
  amount: number;
  currency: string;
}

const cycle = (p: { interval: string; intervalCount: number }) => `${p.intervalCount} ${p.interval}`;

export async function itemsOffer(customer: Customer, subscriptionId: number): Promise<ItemsOffer> {
  const subscription = await ownSubscription(customer, subscriptionId);
  const base = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  if (!base) throw new ConflictError('This subscription is not on a plan of the catalog: add-ons and seats cannot be changed here.');
  const current = new Set(
    subscription.items
      .slice(1)
      .map((item) => item.planId)
      .filter((id): id is number => id !== null),
  );
  const candidates = await Plan.findAll({
    where: { id: { [Op.in]: [...base.addonIds, ...current] }, kind: 'addon' },
    order: [
      ['amount', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  // What it has stays listed (so it can be removed); what it could add must be on sale, on its terms.
  const buyable = (plan: Plan) =>
    plan.active &&
    !!plan.stripePriceId &&
    base.addonIds.includes(plan.id) &&
    plan.currency === subscription.currency.toLowerCase() &&
    cycle(plan) === cycle(subscription);
  const addons = candidates.filter((plan) => current.has(plan.id) || buyable(plan)).map((plan) => ({ plan, selected: current.has(plan.id) }));
  const bounds = seatBounds(base);
  const seats = base.perSeat ? { ...bounds, current: subscription.items[0]?.quantity ?? subscription.quantity } : null;
  return { subscription, base, addons, seats };
}

/** The whole item set the choice asks for: the base plan (its seats changed or kept), then the add-ons ticked. */
export async function desiredItems(offer: ItemsOffer, choice: PortalItemsChoice): Promise<ItemsPreviewInput['items']> {
  const { subscription, base } = offer;
  const quantityNow = new Map(subscription.items.map((item) => [item.planId, item.quantity]));
  const plans = new Map((await Plan.findAll({ where: { id: { [Op.in]: choice.addons } } })).map((plan) => [plan.id, plan]));
  const addons = [...new Set(choice.addons)].map((planId) => {
    const plan = plans.get(planId);
    return { planId, quantity: quantityNow.get(planId) ?? (plan ? seatBounds(plan).min : 1) };
  });
  return [{ planId: base.id, quantity: choice.seats ?? quantityNow.get(base.id) ?? subscription.quantity }, ...addons];
}

/** During a trial a change is made now (nothing is charged until the trial ends); otherwise the settings decide. */
const timingFor = (subscription: Subscription): ChangeTiming | undefined => (subscription.status === 'trialing' ? 'now' : undefined);

export async function previewItemsFor(
  ctx: HandlerContext,
  customer: Customer,
  subscriptionId: number,
  choice: PortalItemsChoice,
): Promise<{ offer: ItemsOffer; preview: ItemsPreview; choice: PortalItemsChoice }> {
  const offer = await itemsOffer(customer, subscriptionId);
  const items = await desiredItems(offer, choice);
  const preview = await previewItems(ctx, offer.subscription.id, { items, when: timingFor(offer.subscription) });
  return { offer, preview, choice };
}

/**
 * Applies what the preview showed, with its timing and (for a change made now) its proration
 * date, so the charge equals the preview. The date is the customer's to send back: only a recent
 * one is honoured, as for a plan change.
 */
export async function updateItemsFor(
  ctx: HandlerContext,
  customer: Customer,
  subscriptionId: number,
  choice: PortalItemsChoice & { when: ChangeTiming; prorationDate: number },
): Promise<Subscription> {
  const offer = await itemsOffer(customer, subscriptionId);
  if (choice.when === 'now') {
    const age = Math.floor(Date.now() / 1000) - choice.prorationDate;
    if (age < 0 || age > PREVIEW_VALID_SECONDS) throw new ConflictError('That preview has expired. Look at the new price and confirm again.');
  }
  const items = await desiredItems(offer, choice);
  return updateItems(
    ctx,
    offer.subscription.id,
    { items, when: choice.when, ...(choice.when === 'now' ? { prorationDate: choice.prorationDate } : {}) },
    customerActor(customer),
  );
}

export async function cancelPendingChangeFor(ctx: HandlerContext, customer: Customer, subscriptionId: number): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  return cancelPendingChange(ctx, subscription.id, customerActor(customer));
}

/** The unit amount of each Stripe price: a plan's current price, or one from its price history. */
async function unitAmounts(priceIds: string[]): Promise<Map<string, number>> {
  const [plans, history] = await Promise.all([
    Plan.findAll({ where: { stripePriceId: { [Op.in]: priceIds } }, attributes: ['stripePriceId', 'amount'] }),
    Price.findAll({ where: { stripePriceId: { [Op.in]: priceIds } }, attributes: ['stripePriceId', 'amount'] }),
  ]);
  return new Map([...history.map((p) => [p.stripePriceId, p.amount] as const), ...plans.map((p) => [p.stripePriceId!, p.amount] as const)]);
}

export async function pendingView(subscription: Subscription): Promise<PendingView | null> {
  const pending = subscription.pendingChange;
  if (!pending) return null;
  const ids = pending.items.map((item) => item.planId).filter((id): id is number => id !== null);
  const [plans, units] = await Promise.all([
    Plan.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'name'] }),
    unitAmounts(pending.items.map((item) => item.stripePriceId)),
  ]);
  const names = new Map(plans.map((plan) => [plan.id, plan.name]));
  return {
    effectiveAt: new Date(pending.effectiveAt),
    lines: pending.items.map((item) => ({ name: (item.planId !== null ? names.get(item.planId) : undefined) ?? item.stripePriceId, quantity: item.quantity })),
    amount: pending.items.reduce((sum, item) => sum + (units.get(item.stripePriceId) ?? 0) * item.quantity, 0),
    currency: subscription.currency,
  };
}

/** What the dashboard shows of a subscription's items: its add-ons, its seats, and the change waiting for the period's end. */
export interface ItemsSummary {
  addons: { name: string; quantity: number }[];
  /** the base plan's quantity when it is sold per seat */
  seats: number | null;
  /** the plan offers add-ons or seats (or the subscription has add-ons): the dashboard links to that page */
  offersItems: boolean;
  pendingChange: PendingView | null;
}

export async function itemsSummary(subscription: Subscription, base: Plan | null): Promise<ItemsSummary> {
  const extra = subscription.items.slice(1);
  const ids = extra.map((item) => item.planId).filter((id): id is number => id !== null);
  const names = new Map((ids.length ? await Plan.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'name'] }) : []).map((p) => [p.id, p.name]));
  return {
    addons: extra.map((item) => ({ name: (item.planId !== null ? names.get(item.planId) : undefined) ?? 'Add-on', quantity: item.quantity })),
    seats: base?.perSeat ? (subscription.items[0]?.quantity ?? subscription.quantity) : null,
    offersItems: !!base && (base.perSeat || base.addonIds.length > 0 || extra.length > 0),
    pendingChange: await pendingView(subscription),
  };
}
