import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * E-mail templates (one per message Recur sends, edited in the admin) and the outbox: every
 * message is a row before it is anything else, so it is visible, re-sendable and survives a
 * restart. dedupe_key is unique: the same payment failure can be queued by a webhook, a replay
 * and a duplicate delivery, and becomes one e-mail.
 */
/** The templates as they were when this migration was written: frozen here, never read from code that changes. */
const TEMPLATES_AT_007: Record<string, { subject: string; textBody: string; htmlBody: string | null }> = {
  payment_failed: {
    subject: 'Your payment of {{amount}} for {{planName}} failed',
    textBody: `Hello {{customerName}},

we could not charge your card {{amount}} for your {{planName}} subscription.
Reason: {{failureMessage}}

Next automatic attempt: {{nextRetryAt}}

To keep your subscription, update your card here:
{{portalUrl}}

The invoice: {{invoiceUrl}}`,
    htmlBody: null,
  },
  payment_receipt: {
    subject: 'Receipt: {{amount}} for {{planName}}',
    textBody: `Hello {{customerName}},

thank you — we received {{amount}} for your {{planName}} subscription on {{paidAt}}.

The invoice: {{invoiceUrl}}
Manage your subscription: {{portalUrl}}`,
    htmlBody: null,
  },
  trial_ending: {
    subject: 'Your {{planName}} trial ends on {{trialEndsAt}}',
    textBody: `Hello {{customerName}},

your free trial of {{planName}} ends on {{trialEndsAt}}. From then on the subscription costs {{amount}}.

To change plan or cancel before then: {{portalUrl}}`,
    htmlBody: null,
  },
  subscription_canceled: {
    subject: 'Your {{planName}} subscription has ended',
    textBody: `Hello {{customerName}},

your {{planName}} subscription ended on {{canceledAt}}. We are sorry to see you go.

You can subscribe again at any time: {{portalUrl}}`,
    htmlBody: null,
  },
  magic_link: {
    subject: 'Your sign-in link',
    textBody: `Hello,

sign in to manage your subscription with this link:
{{link}}

It works once, for {{expiresInMinutes}} minutes. If you did not ask for it, ignore this e-mail.`,
    htmlBody: null,
  },
  admin_alert: {
    subject: '[Recur] {{title}}',
    textBody: `{{title}}

{{details}}

Have a look: {{adminUrl}}`,
    htmlBody: null,
  },
};

export const migration: Migration = {
  name: '007-notifications',
  async up(qi: QueryInterface) {
    await qi.createTable('email_templates', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      key: { type: DataTypes.STRING(40), allowNull: false, unique: true },
      subject: { type: DataTypes.STRING(200), allowNull: false },
      text_body: { type: DataTypes.TEXT, allowNull: false },
      html_body: { type: DataTypes.TEXT, allowNull: true },
      updated_by: { type: DataTypes.STRING, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('notifications', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      template: { type: DataTypes.STRING(40), allowNull: false },
      to_address: { type: DataTypes.STRING, allowNull: false },
      customer_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'customers', key: 'id' }, onDelete: 'SET NULL' },
      // null until rendered: rows queued by the webhook thread are rendered by the sender
      subject: { type: DataTypes.STRING(300), allowNull: true },
      text_body: { type: DataTypes.TEXT, allowNull: true },
      html_body: { type: DataTypes.TEXT, allowNull: true },
      data: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      dedupe_key: { type: DataTypes.STRING(200), allowNull: true, unique: true },
      next_attempt_at: { type: DataTypes.DATE, allowNull: true },
      claimed_at: { type: DataTypes.DATE, allowNull: true },
      resent_from: { type: DataTypes.INTEGER, allowNull: true },
      sent_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('notifications', ['status', 'next_attempt_at']);
    await qi.addIndex('notifications', ['customer_id', 'created_at']);
    const now = new Date();
    await qi.bulkInsert(
      'email_templates',
      Object.entries(TEMPLATES_AT_007).map(([key, t]) => ({
        key,
        subject: t.subject,
        text_body: t.textBody,
        html_body: t.htmlBody,
        updated_by: null,
        created_at: now,
        updated_at: now,
      })),
    );
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('notifications');
    await qi.dropTable('email_templates');
  },
};
