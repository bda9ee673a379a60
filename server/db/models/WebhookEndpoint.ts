import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AppEventType } from '../../appEvents/emit';
import { jsonColumn } from './json';
import { modelOptions } from './common';

/** Where the business's apps receive Recur's events (DESIGN §3.2). */
export class WebhookEndpoint extends Model<InferAttributes<WebhookEndpoint>, InferCreationAttributes<WebhookEndpoint>> {
  declare id: CreationOptional<number>;
  declare url: string;
  declare description: string | null;
  declare events: AppEventType[];
  declare active: boolean;
  /** `whsec_…`, the Standard Webhooks signing key; shown once (create, rotate), never presented again */
  declare secret: string;
  /** every attempt since then failed; null after a success */
  declare failingSince: CreationOptional<Date | null>;
  declare lastSuccessAt: CreationOptional<Date | null>;
  declare disabledAt: CreationOptional<Date | null>;
  declare disabledReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initWebhookEndpoint(sequelize: Sequelize): void {
  WebhookEndpoint.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      url: { type: DataTypes.STRING, allowNull: false },
      description: { type: DataTypes.STRING, allowNull: true },
      events: jsonColumn<AppEventType[]>('events', []),
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      secret: { type: DataTypes.STRING, allowNull: false },
      failingSince: { type: DataTypes.DATE, allowNull: true },
      lastSuccessAt: { type: DataTypes.DATE, allowNull: true },
      disabledAt: { type: DataTypes.DATE, allowNull: true },
      disabledReason: { type: DataTypes.STRING, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'webhook_endpoints', ...modelOptions },
  );
}
