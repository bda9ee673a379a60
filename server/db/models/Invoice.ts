import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { modelOptions, bigintColumn } from './common';

export class Invoice extends Model<InferAttributes<Invoice>, InferCreationAttributes<Invoice>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare subscriptionId: number | null;
  declare stripeInvoiceId: string;
  declare number: string | null;
  declare status: string;
  declare currency: string;
  declare amountDue: number;
  declare amountPaid: number;
  declare amountRemaining: number;
  declare attemptCount: number;
  declare nextPaymentAttempt: Date | null;
  declare billingReason: string | null;
  declare hostedInvoiceUrl: string | null;
  declare periodStart: Date | null;
  declare periodEnd: Date | null;
  declare stripePaymentIntentId: CreationOptional<string | null>;
  declare stripeChargeId: CreationOptional<string | null>;
  declare lastEventAt: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initInvoice(sequelize: Sequelize): void {
  Invoice.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      customerId: { type: DataTypes.INTEGER, allowNull: false },
      subscriptionId: { type: DataTypes.INTEGER, allowNull: true },
      stripeInvoiceId: { type: DataTypes.STRING, allowNull: false },
      number: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING, allowNull: false },
      currency: { type: DataTypes.STRING, allowNull: false },
      amountDue: bigintColumn('amountDue'),
      amountPaid: bigintColumn('amountPaid'),
      amountRemaining: bigintColumn('amountRemaining'),
      attemptCount: { type: DataTypes.INTEGER, allowNull: false },
      nextPaymentAttempt: { type: DataTypes.DATE, allowNull: true },
      billingReason: { type: DataTypes.STRING, allowNull: true },
      hostedInvoiceUrl: { type: DataTypes.STRING, allowNull: true },
      periodStart: { type: DataTypes.DATE, allowNull: true },
      periodEnd: { type: DataTypes.DATE, allowNull: true },
      stripePaymentIntentId: { type: DataTypes.STRING, allowNull: true },
      stripeChargeId: { type: DataTypes.STRING, allowNull: true },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'invoices', ...modelOptions },
  );
}
