import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AppEventType } from '../../appEvents/emit';
import { jsonColumn } from './json';

/** One of Recur's own events (the outgoing-webhook outbox); written by server/appEvents/emit.ts. */
export class AppEvent extends Model<InferAttributes<AppEvent>, InferCreationAttributes<AppEvent>> {
  /** `msg_…`: the Standard Webhooks `webhook-id` of every delivery of this event */
  declare id: string;
  declare type: AppEventType;
  declare data: Record<string, unknown>;
  /** whether the delivery worker has made this event's deliveries */
  declare fannedOut: boolean;
  declare createdAt: Date;
}

export function initAppEvent(sequelize: Sequelize): void {
  AppEvent.init(
    {
      id: { type: DataTypes.STRING, primaryKey: true },
      type: { type: DataTypes.STRING, allowNull: false },
      data: jsonColumn<Record<string, unknown>>('data', {}),
      fannedOut: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'app_events', underscored: true, timestamps: true, updatedAt: false },
  );
}
