import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';
import { withSql } from './getterSql';

/** Shared init options: camelCase attributes in code and JSON, snake_case columns in the database. */
export const modelOptions = { underscored: true, timestamps: true } as const;

/**
 * Money (minor units) and unix timestamps are BIGINT. BIGINT keeps them exact on PostgreSQL, whose driver hands BIGINT back as a string;
 * the getter turns it back into a number (amounts stay far below 2^53).
 */
export function bigintColumn(name: string): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BIGINT,
    allowNull: false,
    defaultValue: 0,
    // The column's INTEGER affinity stores numbers, and numeric text, as integers.
    get: withSql(
      function (this: { getDataValue(key: string): unknown }) {
        return Number(this.getDataValue(name) ?? 0);
      },
      (column) => `COALESCE(${column(name)}, 0)`,
    ),
  };
}
