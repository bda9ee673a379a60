import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { FeatureKind } from '../../../shared/features';
import { modelOptions } from './common';

/** Something an app gates on (issue 15): on/off (`boolean`) or a number (`limit`), valued per plan in plan_features. */
export class Feature extends Model<InferAttributes<Feature>, InferCreationAttributes<Feature>> {
  declare id: CreationOptional<number>;
  /** what apps read in the entitlements answer: slug-like and unique */
  declare key: string;
  declare name: string;
  declare kind: FeatureKind;
  declare description: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initFeature(sequelize: Sequelize): void {
  Feature.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      key: { type: DataTypes.STRING, allowNull: false, unique: true },
      name: { type: DataTypes.STRING, allowNull: false },
      kind: { type: DataTypes.STRING, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'features', ...modelOptions },
  );
}
