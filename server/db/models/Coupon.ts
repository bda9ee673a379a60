import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigintColumn, modelOptions } from './common';

export class Coupon extends Model<InferAttributes<Coupon>, InferCreationAttributes<Coupon>> {
  declare id: CreationOptional<number>;
  declare stripeCouponId: string;
  declare name: string | null;
  declare percentOff: number | null;
  declare amountOff: number | null;
  declare currency: string | null;
  /** once, repeating or forever (Stripe may add more) */
  declare duration: string;
  declare durationInMonths: number | null;
  declare maxRedemptions: number | null;
  declare redeemBy: Date | null;
  declare timesRedeemed: CreationOptional<number>;
  declare valid: CreationOptional<boolean>;
  declare lastEventAt: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCoupon(sequelize: Sequelize): void {
  Coupon.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      stripeCouponId: { type: DataTypes.STRING, allowNull: false },
      name: { type: DataTypes.STRING, allowNull: true },
      percentOff: { type: DataTypes.FLOAT, allowNull: true },
      amountOff: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: Coupon) {
          const v = this.getDataValue('amountOff');
          return v == null ? null : Number(v);
        },
      },
      currency: { type: DataTypes.STRING, allowNull: true },
      duration: { type: DataTypes.STRING, allowNull: false },
      durationInMonths: { type: DataTypes.INTEGER, allowNull: true },
      maxRedemptions: { type: DataTypes.INTEGER, allowNull: true },
      redeemBy: { type: DataTypes.DATE, allowNull: true },
      timesRedeemed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      valid: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'coupons', ...modelOptions },
  );
}
