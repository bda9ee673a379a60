import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';
import { jsonLiteral, withSql } from './getterSql';

/** A TEXT column holding JSON, read and written as the value itself (SQLite has no JSON type). */
export function jsonColumn<T>(name: string, fallback: T): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT,
    allowNull: false,
    // The stored text is the setter's JSON.stringify output, which SQLite's json() writes back unchanged.
    get: withSql(
      function (this: { getDataValue(key: string): unknown }): T {
        const raw = this.getDataValue(name);
        return typeof raw === 'string' ? (JSON.parse(raw) as T) : fallback;
      },
      (column) => `CASE WHEN typeof(${column(name)}) = 'text' THEN json(${column(name)}) ELSE ${jsonLiteral(fallback)} END`,
    ),
    set(this: { setDataValue(key: string, value: unknown): void }, value: T) {
      this.setDataValue(name, JSON.stringify(value));
    },
  };
}

/** The same for a column that may hold no value: null is stored as NULL, not as the text "null". */
export function nullableJsonColumn<T>(name: string): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT,
    allowNull: true,
    get: withSql(
      function (this: { getDataValue(key: string): unknown }): T | null {
        const raw = this.getDataValue(name);
        return typeof raw === 'string' ? (JSON.parse(raw) as T) : null;
      },
      (column) => `CASE WHEN typeof(${column(name)}) = 'text' THEN json(${column(name)}) END`,
    ),
    set(this: { setDataValue(key: string, value: unknown): void }, value: T | null) {
      this.setDataValue(name, value === null ? null : JSON.stringify(value));
    },
  };
}
