import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Interval } from '../../../shared/money';
import { modelOptions, bigintColumn } from './common';

/** A plan's price history: Stripe prices are immutable, so a new amount is a new price. */
export class Price extends Model<InferAttributes<Price>, InferCreationAttributes<Price>> {
  declare id: CreationOptional<number>;
  declare planId: number;
  declare stripePriceId: string;
  declare amount: number;
  declare currency: string;
  declare interval: Interval;
  declare intervalCount: number;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPrice(sequelize: Sequelize): void {
  Price.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      planId: { type: DataTypes.INTEGER, allowNull: false },
      stripePriceId: { type: DataTypes.STRING, allowNull: false },
      amount: bigintColumn('amount'),
      currency: { type: DataTypes.STRING, allowNull: false },
      interval: { type: DataTypes.STRING, allowNull: false },
      intervalCount: { type: DataTypes.INTEGER, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'prices', ...modelOptions },
  );
}
