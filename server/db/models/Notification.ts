import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { TemplateKey } from '../../../shared/emailTemplates';
import { modelOptions } from './common';

import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../../shared/api';

export { NOTIFICATION_STATUSES, type NotificationStatus };

/** The outbox: every e-mail Recur sends, one row each. */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare template: TemplateKey;
  declare to: string;
  declare customerId: number | null;
  declare subject: string | null;
  declare textBody: string | null;
  declare htmlBody: string | null;
  /** the template's variables (JSON), or the facts they are built from when queued by the webhook thread */
  declare data: string;
  declare status: NotificationStatus;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare dedupeKey: string | null;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare claimedAt: CreationOptional<Date | null>;
  /** the notification this one re-sends */
  declare resentFrom: CreationOptional<number | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initNotification(sequelize: Sequelize): void {
  Notification.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      template: { type: DataTypes.STRING, allowNull: false },
      to: { type: DataTypes.STRING, allowNull: false, field: 'to_address' },
      customerId: { type: DataTypes.INTEGER, allowNull: true },
      subject: { type: DataTypes.STRING, allowNull: true },
      textBody: { type: DataTypes.TEXT, allowNull: true },
      htmlBody: { type: DataTypes.TEXT, allowNull: true },
      data: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
      status: { type: DataTypes.STRING, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      dedupeKey: { type: DataTypes.STRING, allowNull: true },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: true },
      claimedAt: { type: DataTypes.DATE, allowNull: true },
      resentFrom: { type: DataTypes.INTEGER, allowNull: true },
      sentAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'notifications', ...modelOptions },
  );
}
