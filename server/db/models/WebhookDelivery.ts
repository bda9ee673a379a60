import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AppEventType } from '../../appEvents/emit';
import { jsonColumn } from './json';
import { modelOptions } from './common';

/** pending: waiting for its (next) attempt; sending: claimed by a worker under a lease; succeeded; failed: gave up. */
export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed';

/** One attempt, as the delivery log shows it. */
export interface DeliveryAttempt {
  at: string;
  /** the HTTP status, or null when no response came (timeout, refused connection) */
  status: number | null;
  error: string | null;
  ms: number;
}

/** One event for one endpoint: unique per (event, endpoint), so it is sent once across instances. */
export class WebhookDelivery extends Model<InferAttributes<WebhookDelivery>, InferCreationAttributes<WebhookDelivery>> {
  declare id: CreationOptional<number>;
  declare endpointId: number;
  declare eventId: string;
  declare eventType: AppEventType;
  declare status: DeliveryStatus;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date | null;
  /** the retry window runs from here: the first attempt, or the latest replay */
  declare windowStart: Date;
  declare claimToken: CreationOptional<string | null>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare responseStatus: CreationOptional<number | null>;
  /** the start of the last response's body, never more (the receiver chooses what it says) */
  declare responseExcerpt: CreationOptional<string | null>;
  declare lastError: CreationOptional<string | null>;
  declare attemptLog: CreationOptional<DeliveryAttempt[]>;
  declare lastAttemptAt: CreationOptional<Date | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare replays: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initWebhookDelivery(sequelize: Sequelize): void {
  WebhookDelivery.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      endpointId: { type: DataTypes.INTEGER, allowNull: false },
      eventId: { type: DataTypes.STRING, allowNull: false },
      eventType: { type: DataTypes.STRING, allowNull: false },
      status: { type: DataTypes.STRING, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: true },
      windowStart: { type: DataTypes.DATE, allowNull: false },
      claimToken: { type: DataTypes.STRING, allowNull: true },
      claimedUntil: { type: DataTypes.DATE, allowNull: true },
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      responseExcerpt: { type: DataTypes.STRING, allowNull: true },
      lastError: { type: DataTypes.STRING, allowNull: true },
      attemptLog: jsonColumn<DeliveryAttempt[]>('attemptLog', []),
      lastAttemptAt: { type: DataTypes.DATE, allowNull: true },
      deliveredAt: { type: DataTypes.DATE, allowNull: true },
      replays: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'webhook_deliveries', ...modelOptions },
  );
}
