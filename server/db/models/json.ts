import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/** A TEXT column holding JSON, read and written as the value itself (SQLite has no JSON type). */
export function jsonColumn<T>(name: string, fallback: T): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT,
    allowNull: false,
    get(this: { getDataValue(key: string): unknown }): T {
      const raw = this.getDataValue(name);
      return typeof raw === 'string' ? (JSON.parse(raw) as T) : fallback;
    },
    set(this: { setDataValue(key: string, value: unknown): void }, value: T) {
      this.setDataValue(name, JSON.stringify(value));
    },
  };
}
