import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { modelOptions } from './common';

/**
 * A plan's value for one feature. A boolean feature's row means "granted" (value 1; no row: not
 * granted); a limit feature's row holds the limit. One integer column serves both, so sums and
 * lookups need no per-kind column.
 */
export class PlanFeature extends Model<InferAttributes<PlanFeature>, InferCreationAttributes<PlanFeature>> {
  declare id: CreationOptional<number>;
  declare planId: number;
  declare featureId: number;
  declare value: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPlanFeature(sequelize: Sequelize): void {
  PlanFeature.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      planId: { type: DataTypes.INTEGER, allowNull: false },
      featureId: { type: DataTypes.INTEGER, allowNull: false },
      value: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'plan_features', ...modelOptions },
  );
}
