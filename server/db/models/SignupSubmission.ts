import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { CustomValue } from '../../../shared/signupForms';
import { jsonColumn } from './json';

export interface FormAnswer {
  key: string;
  label: string;
  value: CustomValue;
}

/** What one person typed into a form's custom fields, kept from the moment Checkout starts. */
export class SignupSubmission extends Model<InferAttributes<SignupSubmission>, InferCreationAttributes<SignupSubmission>> {
  declare id: CreationOptional<number>;
  declare formId: number | null;
  declare formSlug: string;
  declare formTitle: string;
  declare email: string;
  declare stripeCustomerId: string;
  declare checkoutSessionId: string | null;
  declare answers: FormAnswer[];
  declare createdAt: CreationOptional<Date>;
}

export function initSignupSubmission(sequelize: Sequelize): void {
  SignupSubmission.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      formId: { type: DataTypes.INTEGER, allowNull: true },
      formSlug: { type: DataTypes.STRING, allowNull: false },
      formTitle: { type: DataTypes.STRING, allowNull: false },
      email: { type: DataTypes.STRING, allowNull: false },
      stripeCustomerId: { type: DataTypes.STRING, allowNull: false },
      checkoutSessionId: { type: DataTypes.STRING, allowNull: true },
      answers: jsonColumn<FormAnswer[]>('answers', []),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'signup_submissions', underscored: true, timestamps: true, updatedAt: false },
  );
}
