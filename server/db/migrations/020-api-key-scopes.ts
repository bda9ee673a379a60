import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * API keys carry scopes: `read` answers questions, `write` also creates signup links and portal
 * sessions. Keys made before scopes existed could only read (the API had no writes), so they keep
 * exactly that.
 */
export const migration: Migration = {
  name: '020-api-key-scopes',
  async up(qi: QueryInterface) {
    await qi.addColumn('api_keys', 'scopes', { type: DataTypes.TEXT, allowNull: false, defaultValue: '["read"]' });
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('api_keys', 'scopes');
  },
};
