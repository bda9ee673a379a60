import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Interval } from '../../../shared/money';
import type { PlanKind, Tier } from '../../../shared/plan';
import { modelOptions, bigintColumn } from './common';
import { jsonColumn } from './json';

export class Plan extends Model<InferAttributes<Plan>, InferCreationAttributes<Plan>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare tier: Tier;
  declare amount: number;
  declare currency: string;
  declare interval: Interval;
  declare intervalCount: CreationOptional<number>;
  declare trialDays: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare stripeProductId: string | null;
  declare stripePriceId: string | null;
  declare kind: CreationOptional<PlanKind>;
  /** on a base plan: the add-ons a subscription to it may carry */
  declare addonIds: CreationOptional<number[]>;
  declare perSeat: CreationOptional<boolean>;
  declare minQuantity: CreationOptional<number | null>;
  declare maxQuantity: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPlan(sequelize: Sequelize): void {
  Plan.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING, allowNull: false },
      tier: { type: DataTypes.STRING, allowNull: false },
      amount: bigintColumn('amount'),
      currency: { type: DataTypes.STRING, allowNull: false },
      interval: { type: DataTypes.STRING, allowNull: false },
      intervalCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      trialDays: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      stripeProductId: { type: DataTypes.STRING, allowNull: true },
      stripePriceId: { type: DataTypes.STRING, allowNull: true },
      kind: { type: DataTypes.STRING, allowNull: false, defaultValue: 'base' },
      addonIds: { ...jsonColumn<number[]>('addonIds', []), defaultValue: '[]' },
      perSeat: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      minQuantity: { type: DataTypes.INTEGER, allowNull: true },
      maxQuantity: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'plans', ...modelOptions },
  );
}
