import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Plan, Subscription } from '../db/models';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { seatBounds } from '../../shared/plan';
import type { ChangeTiming, ItemsPreview, ItemsPreviewInput, ItemsUpdateInput } from '../../shared/itemChange';
import { assertPaidUp, updateWhenPaid } from './paidChange';
import { upcomingOrConflict } from './upcoming';
import { plansForPrices } from '../stripe/apply/pricePlans';
import { sqlOutside } from '../db/sql';
import { getChangeTiming } from './changeTiming';
import { type PlannedItems, schedulePeriodEndChange } from './scheduledChange';
import { finish } from './subscriptions';
import type { AuditActor } from './audit';
import { isEnded } from '../../shared/subscriptionStatus';

interface Wanted {
  plan: Plan & { stripePriceId: string };
  quantity: number;
}

async function load(id: number): Promise<Subscription> {
  const subscription = await Subscription.findByPk(id);
  if (!subscription) throw new NotFoundError(`No subscription with id ${id}`);
  if (isEnded(subscription.status)) throw new ConflictError(`The subscription is ${subscription.status}`);
  return subscription;
}

const cycle = (p: { interval: string; intervalCount: number }) => `${p.intervalCount} ${p.interval}`;

/**
 * The items asked for, checked against the catalog: one base plan, add-ons that it allows, each
 * once, seats within the plan's bounds, and all on the subscription's currency and billing period
 * (Stripe bills the items of one subscription on one invoice). Archived plans may stay on a
 * subscription that already has them, but are not added.
 */
async function wantedItems(subscription: Subscription, asked: ItemsPreviewInput['items']): Promise<Wanted[]> {
  const ids = asked.map((item) => item.planId);
  if (new Set(ids).size !== ids.length)
    throw new BadRequestError('A plan is listed twice', { items: 'lists a plan twice: give each plan once, with its quantity' });
  const plans = await Plan.findAll({ where: { id: { [Op.in]: ids } } });
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const current = new Set(subscription.items.map((item) => item.planId));
  const wanted: Wanted[] = asked.map(({ planId, quantity }, i) => {
    const plan = byId.get(planId);
    if (!plan) throw new BadRequestError(`No plan with id ${planId}`, { [`items.${i}.planId`]: 'is not a plan' });
    if (!plan.stripePriceId) throw new ConflictError(`${plan.name} has no Stripe price yet`);
    if (!plan.active && !current.has(plan.id)) throw new ConflictError(`${plan.name} is archived`);
    if (plan.currency !== subscription.currency.toLowerCase()) {
      throw new ConflictError(
        `${plan.name} is priced in ${plan.currency.toUpperCase()}; this subscription pays in ${subscription.currency.toUpperCase()}, and Stripe never changes a subscription's currency.`,
      );
    }
    if (cycle(plan) !== cycle(subscription)) {
      throw new ConflictError(
        `${plan.name} is billed every ${cycle(plan)}, this subscription every ${cycle(subscription)}: a change of billing period is made with Change plan, which resets the billing date.`,
      );
    }
    const { min, max } = seatBounds(plan);
    if (quantity < min || quantity > max) {
      throw new BadRequestError(`${plan.name} takes ${min === max ? `exactly ${min}` : `${min} to ${max}`}`, {
        [`items.${i}.quantity`]: min === max ? `must be ${min}` : `must be between ${min} and ${max}`,
      });
    }
    return { plan: plan as Wanted['plan'], quantity };
  });
  const bases = wanted.filter((w) => w.plan.kind === 'base');
  if (bases.length !== 1)
    throw new BadRequestError('A subscription has exactly one base plan', { items: bases.length ? 'lists more than one base plan' : 'needs a base plan' });
  const base = bases[0]!.plan;
  for (const w of wanted) {
    if (w.plan.kind === 'addon' && !base.addonIds.includes(w.plan.id)) throw new ConflictError(`${base.name} does not offer ${w.plan.name}`);
  }
  return [bases[0]!, ...wanted.filter((w) => w.plan.kind === 'addon')];
}

/**
 * Stripe's `items` for going from the subscription's items to `wanted`: an item whose plan stays
 * keeps its price and changes its quantity; the base item takes the new base plan's price (one
 * item, prorated as a plan change); items no longer wanted are deleted; new add-ons are added.
 */
async function plan(ctx: HandlerContext, remote: Stripe.Subscription, wanted: Wanted[]): Promise<PlannedItems & { changed: boolean }> {
  const plans = await plansForPrices(
    remote.items.data.map((item) => item.price.id),
    sqlOutside(ctx.db),
  );
  const remoteBase = remote.items.data.find((item) => !plans.get(item.price.id)?.addon) ?? remote.items.data[0];
  const items: Stripe.SubscriptionUpdateParams.Item[] = [];
  const phaseItems: PlannedItems['phaseItems'] = [];
  const placed = new Set<number>();
  let changed = false;
  let recurringAfter = 0;
  for (const item of remote.items.data) {
    const planId = plans.get(item.price.id)?.planId;
    const same = wanted.find((w) => w.plan.id === planId && !placed.has(w.plan.id));
    const swap = !same && item === remoteBase ? wanted[0] : undefined;
    const target = same ?? (swap && !placed.has(swap.plan.id) ? swap : undefined);
    if (!target) {
      items.push({ id: item.id, deleted: true });
      changed = true;
      continue;
    }
    placed.add(target.plan.id);
    const price = same ? item.price.id : target.plan.stripePriceId;
    const unit = same ? (item.price.unit_amount ?? 0) : target.plan.amount;
    if (!same || target.quantity !== (item.quantity ?? 1)) changed = true;
    items.push(same ? { id: item.id, quantity: target.quantity } : { id: item.id, price, quantity: target.quantity });
    phaseItems.push({ price, quantity: target.quantity });
    recurringAfter += unit * target.quantity;
  }
  for (const w of wanted.filter((w) => !placed.has(w.plan.id))) {
    items.push({ price: w.plan.stripePriceId, quantity: w.quantity });
    phaseItems.push({ price: w.plan.stripePriceId, quantity: w.quantity });
    recurringAfter += w.plan.amount * w.quantity;
    changed = true;
  }
  return { items, phaseItems, recurringAfter, changed, baseName: wanted[0]!.plan.name };
}

/** Upgrades (more per period) and downgrades take effect when the settings say, unless the caller chose. */
async function timingOf(asked: ChangeTiming | undefined, subscription: Subscription, recurringAfter: number): Promise<ChangeTiming> {
  if (asked) return asked;
  const policy = await getChangeTiming();
  return recurringAfter < subscription.recurringAmount ? policy.downgrades : policy.upgrades;
}

const periodEnd = (remote: Stripe.Subscription) => remote.items.data[0]?.current_period_end ?? 0;

async function planned(ctx: HandlerContext, id: number, input: ItemsPreviewInput) {
  const subscription = await load(id);
  const wanted = await wantedItems(subscription, input.items);
  const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  const change = await plan(ctx, remote, wanted);
  if (!change.changed) throw new ConflictError('The subscription already has exactly these items');
  const when = await timingOf(input.when, subscription, change.recurringAfter);
  if (when === 'period_end' && remote.status === 'trialing')
    throw new ConflictError('During a trial a change is made now: nothing is charged until the trial ends.');
  return { subscription, remote, change, when };
}

/**
 * What a change of items would charge, computed by Stripe (DESIGN §3.1, the preview-equals-charge
 * guarantee): for `now`, the invoice the update charges at once, prorated to the second of a fixed
 * proration date that the update then uses; for `period_end`, the next invoice with the change in it.
 */
export async function previewItems(
  ctx: HandlerContext,
  id: number,
  input: ItemsPreviewInput,
  prorationDate = Math.floor(Date.now() / 1000),
): Promise<ItemsPreview> {
  const { subscription, remote, change, when } = await planned(ctx, id, input);
  const invoice = await upcomingOrConflict(() =>
    ctx.stripe.invoices.createPreview({
      subscription: subscription.stripeSubscriptionId,
      subscription_details:
        when === 'now'
          ? { items: change.items, proration_behavior: 'always_invoice', proration_date: prorationDate }
          : { items: change.items, proration_behavior: 'none' },
    }),
  );
  return {
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    lines: invoice.lines.data.map((line) => ({ description: line.description, amount: line.amount })),
    when,
    effectiveAt: when === 'now' ? prorationDate : periodEnd(remote),
    prorationDate,
  };
}

const digest = (items: unknown) => createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16);

/**
 * Applies a change of items. `now`: charged at once for the preview's proration date, and applied
 * only once paid (pending_if_incomplete, DESIGN §7). `period_end`: a subscription schedule whose
 * next phase starts at the period's end; nothing is charged until then.
 */
export async function updateItems(ctx: HandlerContext, id: number, input: ItemsUpdateInput, actor: AuditActor): Promise<Subscription> {
  const { subscription, change, when } = await planned(ctx, id, input);
  if (when === 'period_end') {
    const updated = await schedulePeriodEndChange(ctx, subscription, change);
    return finish(ctx, updated, actor, 'subscription.schedule_change', { items: input.items, when });
  }
  if (input.prorationDate === undefined)
    throw new BadRequestError('prorationDate is required', { prorationDate: "is required: the preview's prorationDate, so the charge equals the preview" });
  const remote = await assertPaidUp(ctx, subscription);
  // Planned again on the subscription as it is now: a concurrent change must not be undone by stale item ids.
  const fresh = await plan(ctx, remote, await wantedItems(subscription, input.items));
  const current = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  const updated = await updateWhenPaid(
    ctx,
    remote,
    { items: fresh.items, proration_behavior: 'always_invoice', proration_date: input.prorationDate },
    `recur-items-${subscription.stripeSubscriptionId}-${digest(fresh.items)}-${input.prorationDate}`,
    current?.name ?? 'its current plan',
  );
  const invoice = typeof updated.latest_invoice === 'string' ? updated.latest_invoice : (updated.latest_invoice?.id ?? null);
  return finish(ctx, updated, actor, 'subscription.update_items', { items: input.items, when, prorationDate: input.prorationDate, invoice });
}
