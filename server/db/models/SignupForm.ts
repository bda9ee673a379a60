import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { CustomField } from '../../../shared/signupForms';
import { modelOptions } from './common';
import { jsonColumn } from './json';

/** A hosted signup form as an admin defined it (shared/signupForms.ts has its rules). */
export class SignupForm extends Model<InferAttributes<SignupForm>, InferCreationAttributes<SignupForm>> {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare title: string;
  declare intro: string;
  /** in the order the form shows them */
  declare planIds: number[];
  declare allPlans: boolean;
  declare customFields: CustomField[];
  declare successMessage: string;
  declare accentColor: string;
  declare active: boolean;
  /** offer the chosen plan's add-ons, and a seat count for a per-seat plan (issue 14) */
  declare offerAddons: CreationOptional<boolean>;
  declare offerSeats: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initSignupForm(sequelize: Sequelize): void {
  SignupForm.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      slug: { type: DataTypes.STRING, allowNull: false },
      title: { type: DataTypes.STRING, allowNull: false },
      intro: { type: DataTypes.TEXT, allowNull: false },
      planIds: jsonColumn<number[]>('planIds', []),
      allPlans: { type: DataTypes.BOOLEAN, allowNull: false },
      customFields: jsonColumn<CustomField[]>('customFields', []),
      successMessage: { type: DataTypes.TEXT, allowNull: false },
      accentColor: { type: DataTypes.STRING, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      offerAddons: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      offerSeats: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'signup_forms', ...modelOptions },
  );
}
