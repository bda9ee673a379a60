import { Op } from 'sequelize';
import { Plan, Price } from '../db/models';

/** The Recur plan of each Stripe price: the plan's current price, or one from its price history. */
export async function plansOfPrices(priceIds: readonly string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (!priceIds.length) return map;
  const [history, current] = await Promise.all([
    Price.findAll({ where: { stripePriceId: { [Op.in]: [...priceIds] } }, attributes: ['stripePriceId', 'planId'] }),
    Plan.findAll({ where: { stripePriceId: { [Op.in]: [...priceIds] } }, attributes: ['id', 'stripePriceId'] }),
  ]);
  for (const price of history) map.set(price.stripePriceId, price.planId);
  for (const plan of current) map.set(plan.stripePriceId!, plan.id);
  return map;
}
