import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigintColumn } from './common';

import type { EventStatus } from '../../../shared/api';

export type { EventStatus };

/** The webhook inbox, keyed by Stripe's own event id so a redelivery cannot be stored twice. */
export class StripeEvent extends Model<InferAttributes<StripeEvent>, InferCreationAttributes<StripeEvent>> {
  declare id: string;
  declare type: string;
  declare objectType: string | null;
  declare objectId: string | null;
  declare status: EventStatus;
  declare attempts: CreationOptional<number>;
  declare error: string | null;
  declare payload: string;
  declare stripeCreated: number;
  declare receivedAt: Date;
  declare processedAt: Date | null;
  /** when a failed event is tried again (backoff); null once processed */
  declare nextAttemptAt: CreationOptional<Date | null>;
}

export function initStripeEvent(sequelize: Sequelize): void {
  StripeEvent.init(
    {
      id: { type: DataTypes.STRING, primaryKey: true },
      type: { type: DataTypes.STRING, allowNull: false },
      objectType: { type: DataTypes.STRING, allowNull: true },
      objectId: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
      payload: { type: DataTypes.TEXT, allowNull: false },
      stripeCreated: bigintColumn('stripeCreated'),
      receivedAt: { type: DataTypes.DATE, allowNull: false },
      processedAt: { type: DataTypes.DATE, allowNull: true },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'stripe_events', underscored: true, timestamps: false },
  );
}
