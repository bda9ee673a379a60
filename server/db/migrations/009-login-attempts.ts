import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Failed admin sign-ins, counted per e-mail and per address to slow password guessing. Kept in
 * the database, not in memory, so instances sharing it share the count.
 */
export const migration: Migration = {
  name: '009-login-attempts',
  async up(qi: QueryInterface) {
    await qi.createTable('login_attempts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      email: { type: DataTypes.STRING(254), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('login_attempts', ['email', 'created_at']);
    await qi.addIndex('login_attempts', ['ip', 'created_at']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('login_attempts');
  },
};
