import type { Model, ModelStatic } from 'sequelize';
import { z } from 'zod';
import { Customer, Invoice, Payment, Plan, StripeEvent, Subscription } from '../db/models';
import { listPage, type ListSpec, type Page } from '../db/list';
import { NotFoundError } from '../errors';
import { INTERVALS } from '../../shared/money';
import { TIERS } from '../../shared/plan';
import type { ListQuery } from '../../shared/listQuery';

const fk = z.coerce.number().int().positive();
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);
const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused'] as const;
const PAYMENT_STATUSES = ['succeeded', 'failed', 'refunded', 'partially_refunded'] as const;

interface Resource {
  model: ModelStatic<Model>;
  spec: ListSpec;
  /** events are keyed by Stripe's own id; everything else by a local integer */
  stringIds?: boolean;
  /** what a list row shows, when it is less than the whole record */
  listAttributes?: string[];
}

/** The admin API's read side, one entry per resource: what can be sorted and filtered. */
const RESOURCES = {
  plans: {
    model: Plan,
    spec: {
      sortable: ['name', 'tier', 'amount', 'interval', 'createdAt'],
      defaultSort: ['id', 'ASC'],
      filters: { active: bool, tier: z.enum(TIERS), interval: z.enum(INTERVALS as [string, ...string[]]) },
      search: ['name'],
    },
  },
  customers: {
    model: Customer,
    spec: {
      sortable: ['email', 'name', 'monthlyTotal', 'yearlyTotal', 'createdAt'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { email: z.string().max(254) },
      search: ['email', 'name'],
    },
  },
  subscriptions: {
    model: Subscription,
    spec: {
      sortable: ['status', 'currentPeriodEnd', 'createdAt'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { status: z.enum(SUBSCRIPTION_STATUSES), customerId: fk, planId: fk },
    },
  },
  payments: {
    model: Payment,
    spec: {
      sortable: ['createdAt', 'attemptedAt', 'amount', 'status'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { status: z.enum(PAYMENT_STATUSES), customerId: fk, subscriptionId: fk, invoiceId: fk },
    },
  },
  invoices: {
    model: Invoice,
    spec: {
      sortable: ['createdAt', 'amountDue', 'status', 'periodEnd'],
      defaultSort: ['createdAt', 'DESC'],
      filters: { status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']), customerId: fk, subscriptionId: fk },
      search: ['number', 'stripeInvoiceId'],
    },
  },
  events: {
    model: StripeEvent,
    stringIds: true,
    listAttributes: ['id', 'type', 'objectType', 'objectId', 'status', 'attempts', 'error', 'stripeCreated', 'receivedAt', 'processedAt', 'nextAttemptAt'],
    spec: {
      sortable: ['receivedAt', 'stripeCreated', 'type', 'status'],
      defaultSort: ['receivedAt', 'DESC'],
      filters: { status: z.enum(['pending', 'processed', 'failed', 'ignored']), type: z.string().max(100), objectType: z.string().max(60), objectId: z.string().max(255) },
      search: ['type', 'objectId'],
    },
  },
} satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;

export function listResource(name: ResourceName, query: ListQuery): Promise<Page<Model>> {
  const { model, spec, stringIds, listAttributes } = RESOURCES[name] as Resource;
  return listPage(model, spec, query, { stringIds, attributes: listAttributes });
}

export function usesStringIds(name: ResourceName): boolean {
  return !!(RESOURCES[name] as Resource).stringIds;
}

export async function getResource(name: ResourceName, id: number | string): Promise<Model> {
  const row = await (RESOURCES[name] as Resource).model.findByPk(id);
  if (!row) throw new NotFoundError(`No ${name.replace(/s$/, '')} with id ${id}`);
  return row;
}
