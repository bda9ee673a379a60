import { DataTypes, type QueryInterface } from 'sequelize';
import { DEFAULT_TEMPLATES } from '../../notify/defaults';
import type { Migration } from './types';

/**
 * E-mail templates (one per message Recur sends, edited in the admin) and the outbox: every
 * message is a row before it is anything else, so it is visible, re-sendable and survives a
 * restart. dedupe_key is unique: the same payment failure can be queued by a webhook, a replay
 * and a duplicate delivery, and becomes one e-mail.
 */
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
      Object.entries(DEFAULT_TEMPLATES).map(([key, t]) => ({
        key, subject: t.subject, text_body: t.textBody, html_body: t.htmlBody, updated_by: null, created_at: now, updated_at: now,
      })),
    );
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('notifications');
    await qi.dropTable('email_templates');
  },
};
