import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const lastEventAt = { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 };

/**
 * Coupons and promotion codes, defined in the admin and mirrored from Stripe, and the discounts
 * Stripe applies to subscriptions: the run-rate totals are after discounts (DESIGN §6).
 */
export const migration: Migration = {
  name: '004-coupons-and-discounts',
  async up(qi: QueryInterface) {
    await qi.createTable('coupons', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      stripe_coupon_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      name: { type: DataTypes.STRING(40), allowNull: true },
      percent_off: { type: DataTypes.FLOAT, allowNull: true },
      amount_off: { type: DataTypes.BIGINT, allowNull: true },
      currency: { type: DataTypes.STRING(3), allowNull: true },
      duration: { type: DataTypes.STRING(16), allowNull: false },
      duration_in_months: { type: DataTypes.INTEGER, allowNull: true },
      max_redemptions: { type: DataTypes.INTEGER, allowNull: true },
      redeem_by: { type: DataTypes.DATE, allowNull: true },
      times_redeemed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      valid: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.createTable('promotion_codes', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      coupon_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'coupons', key: 'id' }, onDelete: 'SET NULL' },
      stripe_promotion_code_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      code: { type: DataTypes.STRING(64), allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      max_redemptions: { type: DataTypes.INTEGER, allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: true },
      times_redeemed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.addIndex('promotion_codes', ['code']);
    await qi.createTable('discounts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      stripe_discount_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      stripe_subscription_id: { type: DataTypes.STRING, allowNull: true },
      stripe_customer_id: { type: DataTypes.STRING, allowNull: true },
      stripe_coupon_id: { type: DataTypes.STRING, allowNull: true },
      // Copied from the coupon when applied (a coupon's terms never change), so totals need no join.
      percent_off: { type: DataTypes.FLOAT, allowNull: true },
      amount_off: { type: DataTypes.BIGINT, allowNull: true },
      duration: { type: DataTypes.STRING(16), allowNull: true },
      starts_at: { type: DataTypes.DATE, allowNull: true },
      ends_at: { type: DataTypes.DATE, allowNull: true },
      removed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.addIndex('discounts', ['stripe_subscription_id']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('discounts');
    await qi.dropTable('promotion_codes');
    await qi.dropTable('coupons');
  },
};
