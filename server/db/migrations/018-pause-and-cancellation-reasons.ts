import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Stripe's `pause_collection` (behavior, resumes_at) and `cancellation_details` (feedback, comment)
 * mirrored onto each subscription: null when collection runs, or when no reason was given.
 */
export const migration: Migration = {
  name: '018-pause-and-cancellation-reasons',
  async up(qi: QueryInterface) {
    await qi.addColumn('subscriptions', 'pause_behavior', { type: DataTypes.STRING, allowNull: true });
    await qi.addColumn('subscriptions', 'paused_until', { type: DataTypes.DATE, allowNull: true });
    await qi.addColumn('subscriptions', 'cancellation_feedback', { type: DataTypes.STRING, allowNull: true });
    await qi.addColumn('subscriptions', 'cancellation_comment', { type: DataTypes.TEXT, allowNull: true });
    await qi.addIndex('subscriptions', ['cancellation_feedback']);
  },
  async down(qi: QueryInterface) {
    await qi.removeIndex('subscriptions', ['cancellation_feedback']);
    for (const column of ['cancellation_comment', 'cancellation_feedback', 'paused_until', 'pause_behavior']) await qi.removeColumn('subscriptions', column);
  },
};
