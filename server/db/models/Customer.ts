import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { modelOptions, bigintColumn } from './common';
import { withSql } from './getterSql';

export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string | null;
  declare stripeCustomerId: string | null;
  /** the business's own user id (DESIGN §3.2), unique; set when a signup link's Checkout completes */
  declare externalId: CreationOptional<string | null>;
  declare currency: string | null;
  /** run-rate of paying subscriptions normalised to a month (DESIGN §6) */
  declare monthlyTotal: CreationOptional<number>;
  declare yearlyTotal: CreationOptional<number>;
  declare collected30d: CreationOptional<number>;
  declare collected365d: CreationOptional<number>;
  declare lastEventAt: CreationOptional<number>;
  /** when Stripe deleted the customer (null: not deleted); the row and its history stay */
  declare deletedAt: CreationOptional<Date | null>;
  /** deletedAt is set: in the JSON, so the admin and API callers need not test a date */
  declare deleted: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCustomer(sequelize: Sequelize): void {
  Customer.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING, allowNull: false },
      name: { type: DataTypes.STRING, allowNull: true },
      stripeCustomerId: { type: DataTypes.STRING, allowNull: true },
      externalId: { type: DataTypes.STRING, allowNull: true },
      currency: { type: DataTypes.STRING, allowNull: true },
      monthlyTotal: bigintColumn('monthlyTotal'),
      yearlyTotal: bigintColumn('yearlyTotal'),
      collected30d: { ...bigintColumn('collected30d'), field: 'collected_30d' },
      collected365d: { ...bigintColumn('collected365d'), field: 'collected_365d' },
      lastEventAt: bigintColumn('lastEventAt'),
      deletedAt: { type: DataTypes.DATE, allowNull: true },
      deleted: {
        type: DataTypes.VIRTUAL(DataTypes.BOOLEAN, ['deletedAt']),
        get: withSql(
          function (this: Customer) {
            return this.getDataValue('deletedAt') != null;
          },
          (column) => `CASE WHEN ${column('deletedAt')} IS NULL THEN json('false') ELSE json('true') END`,
        ),
      },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'customers', ...modelOptions },
  );
}
