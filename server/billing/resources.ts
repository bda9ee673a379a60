import type { Model, ModelStatic } from 'sequelize';
import { z } from 'zod';
import { Customer, Payment, Plan, Subscription } from '../db/models';
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
} satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;

export function listResource(name: ResourceName, query: ListQuery): Promise<Page<Model>> {
  const { model, spec } = RESOURCES[name] as Resource;
  return listPage(model, spec, query);
}

export async function getResource(name: ResourceName, id: number): Promise<Model> {
  const row = await (RESOURCES[name] as Resource).model.findByPk(id);
  if (!row) throw new NotFoundError(`No ${name.replace(/s$/, '')} with id ${id}`);
  return row;
}
