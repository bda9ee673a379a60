import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare adminUserId: number | null;
  /** the e-mail at the time, kept even if the admin user is later removed */
  declare actor: string;
  declare action: string;
  declare entityType: string | null;
  declare entityId: string | null;
  declare details: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function initAuditLog(sequelize: Sequelize): void {
  AuditLog.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      adminUserId: { type: DataTypes.INTEGER, allowNull: true },
      actor: { type: DataTypes.STRING, allowNull: false },
      action: { type: DataTypes.STRING, allowNull: false },
      entityType: { type: DataTypes.STRING, allowNull: true },
      entityId: { type: DataTypes.STRING, allowNull: true },
      details: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'audit_logs', underscored: true, timestamps: true, updatedAt: false },
  );
}
