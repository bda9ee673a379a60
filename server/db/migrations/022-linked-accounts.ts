import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 15: the business's own apps.
 * - customers.external_id: the app's user id, unique (NULLs are distinct in a unique index on both
 *   SQLite and PostgreSQL, so every unlinked customer keeps NULL). SQLite cannot add a UNIQUE column,
 *   hence a column plus a unique index.
 * - signup_links: a link an app made for one of its users. Only the sha256 of its token is stored
 *   (a leaked database hands out no working link); spent once a Checkout through it completes.
 * - pending_signups.signup_link_id: the link a Checkout was started through, read when it completes.
 * - portal_tokens/portal_sessions.return_url: where an app's portal session sends the user back to.
 */
export const migration: Migration = {
  name: '022-linked-accounts',
  async up(qi: QueryInterface) {
    await qi.addColumn('customers', 'external_id', { type: DataTypes.STRING(255), allowNull: true });
    await qi.addIndex('customers', ['external_id'], { unique: true, name: 'customers_external_id_unique' });
    await qi.createTable('signup_links', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      external_id: { type: DataTypes.STRING(255), allowNull: false },
      email: { type: DataTypes.STRING(254), allowNull: true },
      name: { type: DataTypes.STRING(100), allowNull: true },
      plan_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'plans', key: 'id' }, onDelete: 'SET NULL' },
      form_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'signup_forms', key: 'id' }, onDelete: 'CASCADE' },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      // set when a Checkout through the link completed: the link is spent, and this is who it linked
      used_at: { type: DataTypes.DATE, allowNull: true },
      customer_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'customers', key: 'id' }, onDelete: 'SET NULL' },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('signup_links', ['external_id']);
    await qi.addColumn('pending_signups', 'signup_link_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('portal_tokens', 'return_url', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('portal_sessions', 'return_url', { type: DataTypes.TEXT, allowNull: true });
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('portal_sessions', 'return_url');
    await qi.removeColumn('portal_tokens', 'return_url');
    await qi.removeColumn('pending_signups', 'signup_link_id');
    await qi.dropTable('signup_links');
    await qi.removeIndex('customers', 'customers_external_id_unique');
    await qi.removeColumn('customers', 'external_id');
  },
};
