import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * The customer portal's sign-in. Tokens and session ids are stored as sha256 only (a leaked
 * database hands out no working link or cookie). Sign-in requests are rows, not in-memory
 * counters, so the rate limit holds across several instances sharing one database; they are
 * recorded whether or not the address exists, so the limit gives away nothing either.
 */
export const migration: Migration = {
  name: '008-portal',
  async up(qi: QueryInterface) {
    const customerId = { type: DataTypes.INTEGER, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' };
    await qi.createTable('portal_tokens', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      customer_id: customerId,
      purpose: { type: DataTypes.STRING(32), allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('portal_sessions', {
      id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
      customer_id: customerId,
      csrf_token: { type: DataTypes.STRING(64), allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('portal_login_requests', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      email: { type: DataTypes.STRING, allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('portal_login_requests', ['email', 'created_at']);
    await qi.addIndex('portal_login_requests', ['ip', 'created_at']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('portal_login_requests');
    await qi.dropTable('portal_sessions');
    await qi.dropTable('portal_tokens');
  },
};
