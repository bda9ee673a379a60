import { placeholders, type Sql } from '../../db/sql';

/** The Recur plan a Stripe price belongs to, and whether that plan is an add-on. */
export interface PricePlan {
  planId: number;
  addon: boolean;
}

/** Links Stripe prices to Recur plans, through each plan's price history or its current price. */
export async function plansForPrices(priceIds: readonly string[], sql: Sql): Promise<Map<string, PricePlan>> {
  const map = new Map<string, PricePlan>();
  if (!priceIds.length) return map;
  const list = placeholders(priceIds.length);
  type Row = { priceId: string; planId: number; kind: string };
  const current = await sql.all<Row>(`SELECT stripe_price_id AS "priceId", id AS "planId", kind FROM plans WHERE stripe_price_id IN (${list})`, [...priceIds]);
  const history = await sql.all<Row>(
    `SELECT p.stripe_price_id AS "priceId", p.plan_id AS "planId", l.kind AS kind FROM prices p JOIN plans l ON l.id = p.plan_id WHERE p.stripe_price_id IN (${list})`,
    [...priceIds],
  );
  for (const row of [...current, ...history]) map.set(row.priceId, { planId: Number(row.planId), addon: row.kind === 'addon' });
  return map;
}
