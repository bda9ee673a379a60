import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One "e-mail me a link" request, kept for the rate limit (per address and per IP). */
export class PortalLoginRequest extends Model<InferAttributes<PortalLoginRequest>, InferCreationAttributes<PortalLoginRequest>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare ip: string;
  declare createdAt: CreationOptional<Date>;
}

export function initPortalLoginRequest(sequelize: Sequelize): void {
  PortalLoginRequest.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING, allowNull: false },
      ip: { type: DataTypes.STRING, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'portal_login_requests', underscored: true, timestamps: true, updatedAt: false },
  );
}
