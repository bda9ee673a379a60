import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Interval } from '../../../shared/money';
import { modelOptions, bigintColumn } from './common';

export class Subscription extends Model<InferAttributes<Subscription>, InferCreationAttributes<Subscription>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare planId: number | null;
  declare stripeSubscriptionId: string;
  declare stripePriceId: string | null;
  declare status: string;
  declare quantity: number;
  /** the Stripe price's amount at the time, so totals do not move when a plan is edited */
  declare unitAmount: number;
  declare currency: string;
  declare interval: Interval;
  declare intervalCount: number;
  declare currentPeriodStart: Date | null;
  declare currentPeriodEnd: Date | null;
  declare cancelAtPeriodEnd: boolean;
  declare canceledAt: Date | null;
  declare trialEnd: Date | null;
  declare lastEventAt: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initSubscription(sequelize: Sequelize): void {
  Subscription.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      customerId: { type: DataTypes.INTEGER, allowNull: false },
      planId: { type: DataTypes.INTEGER, allowNull: true },
      stripeSubscriptionId: { type: DataTypes.STRING, allowNull: false },
      stripePriceId: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      unitAmount: bigintColumn('unitAmount'),
      currency: { type: DataTypes.STRING, allowNull: false },
      interval: { type: DataTypes.STRING, allowNull: false },
      intervalCount: { type: DataTypes.INTEGER, allowNull: false },
      currentPeriodStart: { type: DataTypes.DATE, allowNull: true },
      currentPeriodEnd: { type: DataTypes.DATE, allowNull: true },
      cancelAtPeriodEnd: { type: DataTypes.BOOLEAN, allowNull: false },
      canceledAt: { type: DataTypes.DATE, allowNull: true },
      trialEnd: { type: DataTypes.DATE, allowNull: true },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'subscriptions', ...modelOptions },
  );
}
