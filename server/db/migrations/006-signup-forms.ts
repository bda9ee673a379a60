import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Signup forms defined in the admin (slug, texts, plans in order, custom fields as JSON), and
 * what each person typed into a form's custom fields (signup_submissions, written when Checkout
 * starts, found again by Stripe customer id or e-mail). The default form is seeded so /signup
 * keeps working; it shows every active plan.
 *
 * No index on stripe_events.object_id (for the customer page's events): measured here, it made
 * the webhook inbox's batched inserts 25–100 % slower, and that insert is the ingest hot path.
 */
export const migration: Migration = {
  name: '006-signup-forms',
  async up(qi: QueryInterface) {
    await qi.createTable('signup_forms', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      slug: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      title: { type: DataTypes.STRING(120), allowNull: false },
      intro: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      plan_ids: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      all_plans: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      custom_fields: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      success_message: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      accent_color: { type: DataTypes.STRING(7), allowNull: false, defaultValue: '#3b5bdb' },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('signup_submissions', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      form_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'signup_forms', key: 'id' }, onDelete: 'SET NULL' },
      // the form's slug and title when submitted: the answers stay readable after the form changes
      form_slug: { type: DataTypes.STRING(64), allowNull: false },
      form_title: { type: DataTypes.STRING(120), allowNull: false },
      email: { type: DataTypes.STRING, allowNull: false },
      stripe_customer_id: { type: DataTypes.STRING, allowNull: false },
      checkout_session_id: { type: DataTypes.STRING, allowNull: true },
      // [{key, label, value}]: labels kept with the values for the same reason
      answers: { type: DataTypes.TEXT, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('signup_submissions', ['stripe_customer_id']);
    await qi.addIndex('signup_submissions', ['email']);
    const now = new Date();
    await qi.bulkInsert('signup_forms', [
      {
        slug: 'default',
        title: 'Choose your plan',
        intro: '',
        plan_ids: '[]',
        all_plans: true,
        custom_fields: '[]',
        success_message: '',
        accent_color: '#3b5bdb',
        active: true,
        created_at: now,
        updated_at: now,
      },
    ]);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('signup_submissions');
    await qi.dropTable('signup_forms');
  },
};
