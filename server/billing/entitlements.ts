import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { Customer, Feature, Plan, PlanFeature, Subscription } from '../db/models';
import { NotFoundError } from '../errors';
import { accessFor, type AccessPolicy, type SubscriptionForAccess } from '../../shared/access';
import { getAccessPolicy } from './settings';
import { customerByExternalId } from '../linkedAccounts/customers';
import type { Entitlements } from '../../shared/features';

/**
 * A customer's entitlements (issue 15, DESIGN §3.2): every feature defined in the admin, valued.
 *
 * Rules:
 * - Only subscriptions the access policy entitles now count (shared/access.ts: active, trialing,
 *   past_due/unpaid/incomplete within grace, paused collection only when the policy keeps access).
 *   With none, every boolean is false and every limit 0: every key is always present, so an app
 *   can read `features.x` without a missing-key case.
 * - Over the items of each entitled subscription (base plan and add-ons): a boolean is true when
 *   any item's plan grants it; a limit is the sum of the items' values.
 * - An item's limit counts once, unless its plan is sold per seat: then it is the value × the
 *   item's quantity, because buying a seat buys the plan's package once more (a per-seat plan with
 *   `projects: 10` and 5 seats allows 50). A plan that is not per seat always has quantity 1, so
 *   this only spells out what quantity means.
 * - Several entitled subscriptions combine the same way (OR for booleans, sum for limits).
 *
 * `transaction`: called from inside a write (an outgoing event built from the new state), every
 * read goes through it, so it sees the uncommitted change and waits on no other connection.
 */
export async function entitlementsFor(customerId: number, transaction?: Transaction): Promise<Entitlements> {
  const customer = await Customer.findByPk(customerId, { attributes: ['id'], transaction });
  if (!customer) throw new NotFoundError(`No customer with id ${customerId}`);
  return entitlementsOf([customerId], transaction);
}

/** The same answer for an app's user id (404 when no customer is linked to it). */
export async function entitlementsForExternalId(externalId: string): Promise<Entitlements> {
  return entitlementsOf([(await customerByExternalId(externalId)).id]);
}

/** By e-mail, for apps not linked yet: several customers with one address combine like several subscriptions. */
export async function entitlementsForEmail(email: string): Promise<Entitlements> {
  const customers = await Customer.findAll({ where: { email: email.toLowerCase() }, attributes: ['id'] });
  if (!customers.length) throw new NotFoundError(`No customer with the e-mail ${email}`);
  return entitlementsOf(customers.map((c) => c.id));
}

async function entitlementsOf(customerIds: number[], transaction?: Transaction): Promise<Entitlements> {
  // One after another: a transaction is one connection, which runs one query at a time (pg warns otherwise).
  const features = await Feature.findAll({ order: [['key', 'ASC']], transaction });
  const subscriptions = await Subscription.findAll({ where: { customerId: { [Op.in]: customerIds } }, transaction });
  const policy = await getAccessPolicy(transaction);
  const now = new Date();
  const planIds = [
    ...new Set(
      subscriptions
        .filter((s) => accessFor(s, policy, now).entitled)
        .flatMap(subscriptionItems)
        .map((i) => i.planId),
    ),
  ];
  if (planIds.length === 0 || features.length === 0) return valueEntitlements([], { features, values: [], perSeat: new Map() }, policy, now);
  const plans = await Plan.findAll({ where: { id: { [Op.in]: planIds } }, attributes: ['id', 'perSeat'], transaction });
  const values = await PlanFeature.findAll({ where: { planId: { [Op.in]: planIds } }, transaction });
  return valueEntitlements(subscriptions, { features, values, perSeat: new Map(plans.map((p) => [p.id, p.perSeat])) }, policy, now);
}

/** What an answer is computed from: every feature defined, and plans' values for them. */
export interface FeatureCatalog {
  features: readonly { id: number; key: string; kind: string }[];
  values: readonly { planId: number; featureId: number; value: number }[];
  perSeat: ReadonlyMap<number, boolean>;
}

/** A subscription as the answer needs it: its access, and what it bills. */
export interface EntitledSubscription extends SubscriptionForAccess {
  items: readonly { planId: number | null; quantity: number }[];
  planId: number | null;
  quantity: number;
}

/**
 * The rules above over given subscriptions, with no reads: the outgoing-webhook worker values a
 * customer's last announced subscriptions and their present ones against the same catalog.
 */
export function valueEntitlements(subscriptions: readonly EntitledSubscription[], catalog: FeatureCatalog, policy: AccessPolicy, now: Date): Entitlements {
  const { features, values, perSeat } = catalog;
  const result: Entitlements = Object.fromEntries(features.map((f) => [f.key, f.kind === 'boolean' ? false : 0]));
  const items = subscriptions.filter((s) => accessFor(s, policy, now).entitled).flatMap(subscriptionItems);
  if (items.length === 0 || features.length === 0) return result;
  const byId = new Map(features.map((f) => [f.id, f]));
  for (const item of items) {
    for (const value of values) {
      const feature = value.planId === item.planId ? byId.get(value.featureId) : undefined;
      if (!feature) continue;
      if (feature.kind === 'boolean') result[feature.key] = true;
      else result[feature.key] = Number(result[feature.key]) + value.value * (perSeat.get(item.planId) ? item.quantity : 1);
    }
  }
  return result;
}

/** The items a subscription bills now; a row from before items were kept (issue 14) stands for its base plan. */
function subscriptionItems(s: EntitledSubscription): { planId: number; quantity: number }[] {
  const items = s.items.length > 0 ? s.items : [{ planId: s.planId, quantity: s.quantity }];
  // An item whose price matches no plan (made in Stripe's dashboard) grants nothing Recur knows of.
  return items.flatMap((i) => (i.planId === null ? [] : [{ planId: i.planId, quantity: i.quantity }]));
}
