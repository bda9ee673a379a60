import type { Model, ModelStatic } from 'sequelize';
import { z } from 'zod';
import { Coupon, Customer, Invoice, Payment, Plan, PromotionCode, SignupForm, StripeEvent, Subscription } from '../db/models';
import { listPage, sqlListPage, type JsonPage, type ListSpec, type SqlList } from '../db/list';
import { NotFoundError } from '../errors';
import { listPayments, showPayment } from './paymentsList';
import { PAYMENTS_SPEC } from './paymentsFilter';
import { INVOICES_SPEC, listInvoices } from './invoicesList';
import { eventsOfCustomer } from './eventsFilter';
import { INTERVALS } from '../../shared/money';
import { PLAN_KINDS, TIERS } from '../../shared/plan';
import type { ListQuery } from '../../shared/listQuery';
import { recordId } from '../../shared/ids';
import { CANCELLATION_FEEDBACK, PAUSE_BEHAVIORS } from '../../shared/pause';
import { showPlan } from './planFeatures';
import { SUBSCRIPTION_STATUSES } from '../../shared/subscriptionStatus';

const fk = recordId();
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

interface Resource {
  model: ModelStatic<Model>;
  spec: ListSpec;
  /** events are keyed by Stripe's own id; everything else by a local integer */
  stringIds?: boolean;
  /** what a list row shows, when it is less than the whole record */
  listAttributes?: string[];
  /** a hand-written list for a resource whose generic one is too slow at its size */
  list?: (query: ListQuery) => Promise<JsonPage>;
  /** served in raw SQL (issue 17: lists that reach a million rows), with what it counts and orders */
  sql?: Omit<SqlList, 'model' | 'attributes' | 'stringIds'>;
  /** rewrites a list query before the generic list runs it (a filter resolved into others) */
  prepare?: (query: ListQuery) => Promise<ListQuery>;
  /** the record as GET /:id shows it, when it is more than the model (its list row's extra fields) */
  show?: (id: number) => Promise<object | null>;
}

/** The admin API's read side, one entry per resource: what can be sorted and filtered. */
const RESOURCES = {
  plans: {
    model: Plan,
    spec: {
      sortable: ['name', 'tier', 'amount', 'interval', 'createdAt'],
      defaultSort: ['id', 'ASC'],
      filters: {
        active: bool,
        tier: z.enum(TIERS),
        interval: z.enum(INTERVALS as [string, ...string[]]),
        kind: z.enum(PLAN_KINDS),
        currency: z.string().max(3),
      },
      search: ['name'],
    },
    // GET /:id carries the plan's feature values (issue 15), for the edit form.
    show: showPlan,
  },
  customers: {
    model: Customer,
    spec: {
      sortable: ['email', 'name', 'monthlyTotal', 'yearlyTotal', 'createdAt'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { email: z.string().max(254), externalId: z.string().max(255) },
      search: ['email', 'name'],
    },
    // No counted dimension: both filters are exact values an index finds (the total is counted).
    sql: { table: 'customers', dims: [] },
  },
  subscriptions: {
    model: Subscription,
    spec: {
      sortable: ['status', 'currentPeriodEnd', 'createdAt'],
      defaultSort: ['createdAt', 'DESC'],
      filters: {
        status: z.enum(SUBSCRIPTION_STATUSES),
        customerId: fk,
        planId: fk,
        cancellationFeedback: z.enum(CANCELLATION_FEEDBACK),
        pauseBehavior: z.enum(PAUSE_BEHAVIORS),
      },
    },
    sql: {
      table: 'subscriptions',
      dims: ['status', 'planId', 'cancellationFeedback', 'pauseBehavior'],
      ordered: { status: ['createdAt'], planId: ['createdAt'] },
    },
  },
  payments: {
    model: Payment,
    spec: PAYMENTS_SPEC,
    list: listPayments,
    show: showPayment,
  },
  invoices: {
    model: Invoice,
    spec: INVOICES_SPEC,
    // issue 17: raw SQL and cached ids, fast for every shape on a million rows (invoicesList.ts)
    list: listInvoices,
  },
  events: {
    model: StripeEvent,
    stringIds: true,
    listAttributes: ['id', 'type', 'objectType', 'objectId', 'status', 'attempts', 'error', 'stripeCreated', 'receivedAt', 'processedAt', 'nextAttemptAt'],
    spec: {
      sortable: ['receivedAt', 'stripeCreated', 'type', 'status'],
      defaultSort: ['receivedAt', 'DESC'],
      filters: {
        status: z.enum(['pending', 'processed', 'failed', 'ignored']),
        type: z.string().max(100),
        objectType: z.string().max(60),
        objectId: z.string().max(255),
      },
      search: ['type', 'objectId'],
    },
    // Fewer indexes here than on the other lists (migration 029): the apply thread writes each
    // when it moves deliveries in. One (filter, sort) pair: a type by time (migration 033).
    sql: { table: 'stripe_events', dims: ['status', 'type', 'objectType'], ordered: { type: ['receivedAt'] } },
    prepare: eventsOfCustomer,
  },
  coupons: {
    model: Coupon,
    spec: {
      sortable: ['name', 'createdAt', 'timesRedeemed'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { valid: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]), duration: z.enum(['once', 'repeating', 'forever']) },
      search: ['name', 'stripeCouponId'],
    },
  },
  'promotion-codes': {
    model: PromotionCode,
    spec: {
      sortable: ['code', 'createdAt', 'timesRedeemed'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { couponId: recordId(), active: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]) },
      search: ['code'],
    },
  },
  'signup-forms': {
    model: SignupForm,
    spec: {
      sortable: ['slug', 'title', 'active', 'createdAt', 'updatedAt'],
      defaultSort: ['id', 'ASC'],
      filters: { active: bool, slug: z.string().max(64) },
      search: ['slug', 'title'],
    },
  },
} satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;

/** One SqlList per resource, made once: sqlListPage keeps what it learns of the model by it. */
const sqlLists = new Map<ResourceName, SqlList>();
function describe(name: ResourceName, list: SqlList): SqlList {
  sqlLists.set(name, list);
  return list;
}

/** A page of a resource's rows, serialised as the API sends them. */
export async function listResource(name: ResourceName, query: ListQuery): Promise<JsonPage> {
  const { model, spec, stringIds, listAttributes, list, prepare, sql } = RESOURCES[name] as Resource;
  if (list) return list(query);
  const prepared = prepare ? await prepare(query) : query;
  if (sql) return sqlListPage(sqlLists.get(name) ?? describe(name, { ...sql, model, attributes: listAttributes, stringIds }), spec, prepared);
  const { rows, total, start, end } = await listPage(model, spec, prepared, { stringIds, attributes: listAttributes });
  return { json: JSON.stringify(rows), total, start, end };
}

export function usesStringIds(name: ResourceName): boolean {
  return !!(RESOURCES[name] as Resource).stringIds;
}

const notFound = (name: ResourceName, id: number | string) => new NotFoundError(`No ${name.replace(/s$/, '')} with id ${id}`);

export async function getResource(name: ResourceName, id: number | string): Promise<Model> {
  const row = await (RESOURCES[name] as Resource).model.findByPk(id);
  if (!row) throw notFound(name, id);
  return row;
}

/** GET /:id: the resource's own view of one record when it has one (a list row's shape), else the presented model. */
export async function showResource(name: ResourceName, id: number | string, present: (row: Model) => object): Promise<object> {
  const { show } = RESOURCES[name] as Resource;
  if (!show || typeof id !== 'number') return present(await getResource(name, id));
  const shown = await show(id);
  if (!shown) throw notFound(name, id);
  return shown;
}
