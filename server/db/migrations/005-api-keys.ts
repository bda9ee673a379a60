import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * API keys for the /api/v1 endpoints. Only the sha256 of the secret is stored (a leaked database
 * hands out no working key); the prefix is kept in clear so the admin can tell keys apart.
 */
export const migration: Migration = {
  name: '005-api-keys',
  async up(qi: QueryInterface) {
    await qi.createTable('api_keys', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      name: { type: DataTypes.STRING(80), allowNull: false },
      prefix: { type: DataTypes.STRING(32), allowNull: false },
      hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'admin_users', key: 'id' }, onDelete: 'SET NULL' },
      last_used_at: { type: DataTypes.DATE, allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('api_keys');
  },
};
