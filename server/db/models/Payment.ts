import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { modelOptions, bigintColumn } from './common';

import type { PaymentStatus } from '../../../shared/payments';

export type { PaymentStatus };

/** One row per payment attempt outcome of an invoice. */
export class Payment extends Model<InferAttributes<Payment>, InferCreationAttributes<Payment>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare subscriptionId: number | null;
  declare invoiceId: number | null;
  declare stripeInvoiceId: string;
  declare stripePaymentIntentId: string | null;
  declare stripeChargeId: string | null;
  declare amount: number;
  declare currency: string;
  declare status: PaymentStatus;
  declare failureCode: string | null;
  declare failureMessage: string | null;
  declare attemptCount: number;
  declare nextRetryAt: Date | null;
  declare billingReason: string | null;
  /** where the customer completes a payment that requires action: the invoice's hosted page */
  declare actionUrl: CreationOptional<string | null>;
  declare refundedAmount: CreationOptional<number>;
  declare retriedAt: CreationOptional<Date | null>;
  declare retriedBy: CreationOptional<string | null>;
  declare retryOutcome: CreationOptional<string | null>;
  declare attemptedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPayment(sequelize: Sequelize): void {
  Payment.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      customerId: { type: DataTypes.INTEGER, allowNull: false },
      subscriptionId: { type: DataTypes.INTEGER, allowNull: true },
      invoiceId: { type: DataTypes.INTEGER, allowNull: true },
      stripeInvoiceId: { type: DataTypes.STRING, allowNull: false },
      stripePaymentIntentId: { type: DataTypes.STRING, allowNull: true },
      stripeChargeId: { type: DataTypes.STRING, allowNull: true },
      amount: bigintColumn('amount'),
      currency: { type: DataTypes.STRING, allowNull: false },
      status: { type: DataTypes.STRING, allowNull: false },
      failureCode: { type: DataTypes.STRING, allowNull: true },
      failureMessage: { type: DataTypes.STRING, allowNull: true },
      attemptCount: { type: DataTypes.INTEGER, allowNull: false },
      nextRetryAt: { type: DataTypes.DATE, allowNull: true },
      billingReason: { type: DataTypes.STRING, allowNull: true },
      actionUrl: { type: DataTypes.STRING(2048), allowNull: true },
      refundedAmount: bigintColumn('refundedAmount'),
      retriedAt: { type: DataTypes.DATE, allowNull: true },
      retriedBy: { type: DataTypes.STRING, allowNull: true },
      retryOutcome: { type: DataTypes.STRING, allowNull: true },
      attemptedAt: { type: DataTypes.DATE, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'payments', ...modelOptions },
  );
}
