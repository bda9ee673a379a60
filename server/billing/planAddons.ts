import { Op } from 'sequelize';
import { Plan } from '../db/models';
import { BadRequestError, ConflictError } from '../errors';
import { planShapeProblems, type PlanKind } from '../../shared/plan';
import type { Interval } from '../../shared/money';

interface Terms {
  id?: number;
  kind: PlanKind;
  currency: string;
  interval: Interval;
  intervalCount: number;
  addonIds: number[];
  perSeat: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  trialDays: number;
}

const cycle = (p: { interval: Interval; intervalCount: number }) => `${p.intervalCount} ${p.interval}`;

/**
 * Stripe bills every item of a subscription on one invoice, so all of them must share its
 * currency and billing period (docs.stripe.com/billing/subscriptions/multiple-products). A base
 * plan may list only add-ons on its own terms; an add-on's terms cannot drift from the base plans
 * that list it.
 */
export async function assertCatalogFits(plan: Terms): Promise<void> {
  const shape = planShapeProblems(plan);
  if (Object.keys(shape).length) throw new BadRequestError('The plan is not consistent', shape);
  if (plan.kind === 'base' && plan.addonIds.length) {
    const addons = await Plan.findAll({ where: { id: { [Op.in]: plan.addonIds } } });
    const missing = plan.addonIds.filter((id) => !addons.some((a) => a.id === id));
    if (missing.length) throw new BadRequestError(`No plan with id ${missing.join(', ')}`, { addonIds: `${missing.join(', ')} is not a plan` });
    for (const addon of addons) {
      if (addon.kind !== 'addon') throw new BadRequestError(`${addon.name} is not an add-on`, { addonIds: `${addon.name} is a base plan, not an add-on` });
      if (addon.currency !== plan.currency || cycle(addon) !== cycle(plan)) {
        throw new BadRequestError(`${addon.name} is billed in another currency or period`, {
          addonIds: `${addon.name} is ${addon.currency.toUpperCase()} every ${cycle(addon)}; this plan is ${plan.currency.toUpperCase()} every ${cycle(plan)}`,
        });
      }
    }
  }
  if (plan.kind === 'addon' && plan.id !== undefined) {
    const bases = await basePlansListing(plan.id);
    const off = bases.find((b) => b.currency !== plan.currency || cycle(b) !== cycle(plan));
    if (off)
      throw new ConflictError(
        `${off.name} lists this add-on and is billed ${off.currency.toUpperCase()} every ${cycle(off)}: remove it from ${off.name} first`,
      );
  }
}

/** The base plans that list an add-on (addon_ids is a JSON list: filtered here, the catalog is small). */
export async function basePlansListing(addonId: number): Promise<Plan[]> {
  const bases = await Plan.findAll({ where: { kind: 'base' } });
  return bases.filter((b) => b.addonIds.includes(addonId));
}
