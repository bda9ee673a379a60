import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * What a person typed into a signup form (name, custom fields), kept beside the Checkout
 * Session until Stripe says it completed. Until then nothing of it reaches a customer, in Recur
 * or in Stripe: the form asks only for an e-mail, so anyone could type someone else's. Rows of
 * abandoned sessions are deleted once the session can no longer complete.
 */
export const migration: Migration = {
  name: '014-pending-signups',
  async up(qi: QueryInterface) {
    await qi.createTable('pending_signups', {
      checkout_session_id: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
      form_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'signup_forms', key: 'id' }, onDelete: 'SET NULL' },
      form_slug: { type: DataTypes.STRING(64), allowNull: false },
      form_title: { type: DataTypes.STRING(120), allowNull: false },
      email: { type: DataTypes.STRING, allowNull: false },
      name: { type: DataTypes.STRING(300), allowNull: false },
      // [{key, label, value}], as signup_submissions keeps them
      answers: { type: DataTypes.TEXT, allowNull: false },
      // no Stripe customer had this address: Checkout creates one, which then takes the typed name
      new_customer: { type: DataTypes.BOOLEAN, allowNull: false },
      // set once Stripe reports the session complete: the customer it completed for
      stripe_customer_id: { type: DataTypes.STRING, allowNull: true },
      completed_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('pending_signups', ['completed_at']);
    await qi.addIndex('pending_signups', ['created_at']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('pending_signups');
  },
};
