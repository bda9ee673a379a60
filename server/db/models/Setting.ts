import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** Small key/value settings, values stored as JSON text. */
export class Setting extends Model<InferAttributes<Setting>, InferCreationAttributes<Setting>> {
  declare key: string;
  declare value: string;
  declare updatedAt: CreationOptional<Date>;
}

export function initSetting(sequelize: Sequelize): void {
  Setting.init(
    {
      key: { type: DataTypes.STRING, primaryKey: true },
      value: { type: DataTypes.TEXT, allowNull: false },
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'settings', underscored: true, timestamps: true, createdAt: false },
  );
}
