import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Interval } from '../../../shared/money';
import type { CancellationFeedback, CancellationReason, PauseBehavior } from '../../../shared/pause';
import { modelOptions, bigintColumn } from './common';
import { jsonColumn, nullableJsonColumn } from './json';
import { withSql } from './getterSql';
import type { PendingChange, SubscriptionItem } from '../../../shared/itemChange';

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
  /** every Stripe item, the base item first (DESIGN §3.1) */
  declare items: CreationOptional<SubscriptionItem[]>;
  /** what all items come to per period, before discounts: Σ unit amount × quantity */
  declare recurringAmount: CreationOptional<number>;
  /** a change waiting for the period's end, from the Stripe subscription schedule that holds it */
  declare pendingChange: CreationOptional<PendingChange | null>;
  declare stripeScheduleId: CreationOptional<string | null>;
  declare currency: string;
  declare interval: Interval;
  declare intervalCount: number;
  declare currentPeriodStart: Date | null;
  declare currentPeriodEnd: Date | null;
  declare cancelAtPeriodEnd: boolean;
  declare canceledAt: Date | null;
  declare trialEnd: Date | null;
  /** Stripe's pause_collection: how invoices are handled while collection is paused (null: not paused), and when it resumes by itself */
  declare pauseBehavior: PauseBehavior | null;
  declare pausedUntil: Date | null;
  /** Stripe's cancellation_details: the customer's reason and words */
  declare cancellationFeedback: CancellationFeedback | null;
  declare cancellationComment: string | null;
  /** presented as `cancellationReason`: {feedback, comment}, or null when neither was given */
  declare cancellationReason: CreationOptional<CancellationReason | null>;
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
      items: { ...jsonColumn<SubscriptionItem[]>('items', []), defaultValue: '[]' },
      recurringAmount: bigintColumn('recurringAmount'),
      pendingChange: nullableJsonColumn<PendingChange>('pendingChange'),
      stripeScheduleId: { type: DataTypes.STRING, allowNull: true },
      currency: { type: DataTypes.STRING, allowNull: false },
      interval: { type: DataTypes.STRING, allowNull: false },
      intervalCount: { type: DataTypes.INTEGER, allowNull: false },
      currentPeriodStart: { type: DataTypes.DATE, allowNull: true },
      currentPeriodEnd: { type: DataTypes.DATE, allowNull: true },
      cancelAtPeriodEnd: { type: DataTypes.BOOLEAN, allowNull: false },
      canceledAt: { type: DataTypes.DATE, allowNull: true },
      trialEnd: { type: DataTypes.DATE, allowNull: true },
      pauseBehavior: { type: DataTypes.STRING, allowNull: true },
      pausedUntil: { type: DataTypes.DATE, allowNull: true },
      cancellationFeedback: { type: DataTypes.STRING, allowNull: true },
      cancellationComment: { type: DataTypes.TEXT, allowNull: true },
      cancellationReason: {
        type: DataTypes.VIRTUAL,
        get: withSql(
          function (this: Subscription): CancellationReason | null {
            const feedback = this.getDataValue('cancellationFeedback') ?? null;
            const comment = this.getDataValue('cancellationComment') ?? null;
            return feedback || comment ? { feedback, comment } : null;
          },
          (column) => {
            const [feedback, comment] = [column('cancellationFeedback'), column('cancellationComment')];
            return `CASE WHEN ${feedback} <> '' OR ${comment} <> '' THEN json_object('feedback', ${feedback}, 'comment', ${comment}) END`;
          },
        ),
      },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'subscriptions', ...modelOptions },
  );
}
