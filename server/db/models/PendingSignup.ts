import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from './json';
import type { FormAnswer } from './SignupSubmission';

/**
 * What one person typed into a signup form, keyed by the Checkout Session it started. Applied to
 * a customer (signup_submissions, the Stripe customer's name and metadata) only once that
 * session completes; deleted when applied, or when the session can no longer complete.
 */
export class PendingSignup extends Model<InferAttributes<PendingSignup>, InferCreationAttributes<PendingSignup>> {
  declare checkoutSessionId: string;
  declare formId: number | null;
  declare formSlug: string;
  declare formTitle: string;
  declare email: string;
  declare name: string;
  declare answers: FormAnswer[];
  /** no Stripe customer had the address when Checkout started: Checkout makes one */
  declare newCustomer: boolean;
  declare stripeCustomerId: CreationOptional<string | null>;
  /** the app's signup link this Checkout was started through: completing it links the customer */
  declare signupLinkId: CreationOptional<number | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initPendingSignup(sequelize: Sequelize): void {
  PendingSignup.init(
    {
      checkoutSessionId: { type: DataTypes.STRING, primaryKey: true },
      formId: { type: DataTypes.INTEGER, allowNull: true },
      formSlug: { type: DataTypes.STRING, allowNull: false },
      formTitle: { type: DataTypes.STRING, allowNull: false },
      email: { type: DataTypes.STRING, allowNull: false },
      name: { type: DataTypes.STRING, allowNull: false },
      answers: jsonColumn<FormAnswer[]>('answers', []),
      newCustomer: { type: DataTypes.BOOLEAN, allowNull: false },
      stripeCustomerId: { type: DataTypes.STRING, allowNull: true },
      signupLinkId: { type: DataTypes.INTEGER, allowNull: true },
      completedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'pending_signups', underscored: true, timestamps: true, updatedAt: false },
  );
}
