import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One failed admin sign-in; rows older than the throttle's window are deleted as new ones come. */
export class LoginAttempt extends Model<InferAttributes<LoginAttempt>, InferCreationAttributes<LoginAttempt>> {
  declare id: CreationOptional<number>;
  /** lower-cased, as typed: unknown e-mails are counted too */
  declare email: string;
  declare ip: string;
  declare createdAt: CreationOptional<Date>;
}

export function initLoginAttempt(sequelize: Sequelize): void {
  LoginAttempt.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING, allowNull: false },
      ip: { type: DataTypes.STRING, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'login_attempts', underscored: true, timestamps: true, updatedAt: false },
  );
}
