import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 15: features (entitlements) and their values per plan. A feature is on/off (`boolean`) or
 * a number (`limit`); `plan_features` holds one value per (plan, feature): 1 for a granted boolean
 * (no row: not granted), the limit for a limit. A feature with values cannot be deleted (the
 * service answers 409 first; the foreign key is the backstop); a plan's values go with the plan.
 */
export const migration: Migration = {
  name: '023-features',
  async up(qi: QueryInterface) {
    await qi.createTable('features', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      key: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(120), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('plan_features', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      plan_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'plans', key: 'id' }, onDelete: 'CASCADE' },
      feature_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'features', key: 'id' }, onDelete: 'RESTRICT' },
      value: { type: DataTypes.INTEGER, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('plan_features', ['plan_id', 'feature_id'], { unique: true });
    // "Which plans give this feature a value" (kind change, delete): by feature.
    await qi.addIndex('plan_features', ['feature_id']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('plan_features');
    await qi.dropTable('features');
  },
};
