import type { ApiKeyScope } from '../../../shared/apiKeys';
import { jsonColumn } from './json';
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export class ApiKey extends Model<InferAttributes<ApiKey>, InferCreationAttributes<ApiKey>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** the key's first characters, shown so the admin can tell keys apart */
  declare prefix: string;
  /** sha256 (hex) of the whole key; the key itself is never stored */
  declare hash: string;
  /** what the key may do on /api/v1: `read`, `write` (see shared/apiKeys.ts) */
  declare scopes: ApiKeyScope[];
  declare createdBy: number | null;
  declare lastUsedAt: Date | null;
  declare revokedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export function initApiKey(sequelize: Sequelize): void {
  ApiKey.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING, allowNull: false },
      prefix: { type: DataTypes.STRING, allowNull: false },
      hash: { type: DataTypes.STRING, allowNull: false },
      scopes: jsonColumn<ApiKeyScope[]>('scopes', ['read']),
      createdBy: { type: DataTypes.INTEGER, allowNull: true },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true },
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'api_keys', underscored: true, timestamps: true, updatedAt: false },
  );
}
