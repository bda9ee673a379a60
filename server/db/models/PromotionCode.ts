import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigintColumn, modelOptions } from './common';

export class PromotionCode extends Model<InferAttributes<PromotionCode>, InferCreationAttributes<PromotionCode>> {
  declare id: CreationOptional<number>;
  declare couponId: number | null;
  declare stripePromotionCodeId: string;
  declare code: string;
  declare active: CreationOptional<boolean>;
  declare maxRedemptions: number | null;
  declare expiresAt: Date | null;
  declare timesRedeemed: CreationOptional<number>;
  declare lastEventAt: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPromotionCode(sequelize: Sequelize): void {
  PromotionCode.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      couponId: { type: DataTypes.INTEGER, allowNull: true },
      stripePromotionCodeId: { type: DataTypes.STRING, allowNull: false },
      code: { type: DataTypes.STRING, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      maxRedemptions: { type: DataTypes.INTEGER, allowNull: true },
      expiresAt: { type: DataTypes.DATE, allowNull: true },
      timesRedeemed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'promotion_codes', ...modelOptions },
  );
}
