import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * A signup link an app made for one of its users (POST /api/v1/signup-links): the form it opens,
 * what it prefills, and the app's user id the customer is linked to once its Checkout completes.
 * Only the sha256 of the link's token is stored.
 */
export class SignupLink extends Model<InferAttributes<SignupLink>, InferCreationAttributes<SignupLink>> {
  declare id: CreationOptional<number>;
  declare tokenHash: string;
  declare externalId: string;
  declare email: string | null;
  declare name: string | null;
  declare planId: number | null;
  declare formId: number;
  declare expiresAt: Date;
  /** a Checkout through it completed: spent */
  declare usedAt: CreationOptional<Date | null>;
  /** the customer it linked */
  declare customerId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initSignupLink(sequelize: Sequelize): void {
  SignupLink.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tokenHash: { type: DataTypes.STRING, allowNull: false },
      externalId: { type: DataTypes.STRING, allowNull: false },
      email: { type: DataTypes.STRING, allowNull: true },
      name: { type: DataTypes.STRING, allowNull: true },
      planId: { type: DataTypes.INTEGER, allowNull: true },
      formId: { type: DataTypes.INTEGER, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      customerId: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'signup_links', underscored: true, timestamps: true, updatedAt: false },
  );
}
