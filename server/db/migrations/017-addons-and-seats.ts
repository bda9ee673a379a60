import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 14's catalog and subscriptions (DESIGN §3.1): plans are base plans or add-ons, a base plan
 * lists the add-ons it allows, and a plan may be sold per seat within bounds. A subscription keeps
 * every Stripe item (`items`, JSON: its price, plan, quantity and unit amount) and what they come to
 * per period (`recurring_amount`), from which totals and MRR are computed; the single-item columns
 * stay, describing the base item.
 */
export const migration: Migration = {
  name: '017-addons-and-seats',
  async up(qi: QueryInterface) {
    await qi.addColumn('plans', 'kind', { type: DataTypes.STRING, allowNull: false, defaultValue: 'base' });
    await qi.addColumn('plans', 'addon_ids', { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' });
    await qi.addColumn('plans', 'per_seat', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
    await qi.addColumn('plans', 'min_quantity', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('plans', 'max_quantity', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('subscriptions', 'items', { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' });
    await qi.addColumn('subscriptions', 'recurring_amount', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
    await qi.sequelize.query('UPDATE subscriptions SET recurring_amount = unit_amount * quantity');
    // A change scheduled for the period's end (a Stripe subscription schedule's next phase): JSON or null.
    await qi.addColumn('subscriptions', 'pending_change', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('subscriptions', 'stripe_schedule_id', { type: DataTypes.STRING, allowNull: true });
  },
  async down(qi: QueryInterface) {
    for (const column of ['kind', 'addon_ids', 'per_seat', 'min_quantity', 'max_quantity']) await qi.removeColumn('plans', column);
    await qi.removeColumn('subscriptions', 'items');
    await qi.removeColumn('subscriptions', 'recurring_amount');
    await qi.removeColumn('subscriptions', 'pending_change');
    await qi.removeColumn('subscriptions', 'stripe_schedule_id');
  },
};
