import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigintColumn, modelOptions } from './common';

/** A coupon applied to a subscription, as Stripe reports it (customer.discount.* events). */
export class Discount extends Model<InferAttributes<Discount>, InferCreationAttributes<Discount>> {
  declare id: CreationOptional<number>;
  declare stripeDiscountId: string;
  declare stripeSubscriptionId: string | null;
  declare stripeCustomerId: string | null;
  declare stripeCouponId: string | null;
  declare percentOff: number | null;
  declare amountOff: number | null;
  declare duration: string | null;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare removed: CreationOptional<boolean>;
  declare lastEventAt: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initDiscount(sequelize: Sequelize): void {
  Discount.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      stripeDiscountId: { type: DataTypes.STRING, allowNull: false },
      stripeSubscriptionId: { type: DataTypes.STRING, allowNull: true },
      stripeCustomerId: { type: DataTypes.STRING, allowNull: true },
      stripeCouponId: { type: DataTypes.STRING, allowNull: true },
      percentOff: { type: DataTypes.FLOAT, allowNull: true },
      amountOff: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: Discount) {
          const v = this.getDataValue('amountOff');
          return v == null ? null : Number(v);
        },
      },
      duration: { type: DataTypes.STRING, allowNull: true },
      startsAt: { type: DataTypes.DATE, allowNull: true },
      endsAt: { type: DataTypes.DATE, allowNull: true },
      removed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      lastEventAt: bigintColumn('lastEventAt'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'discounts', ...modelOptions },
  );
}
