// Issue 17: on SQLite the big lists have SQLite write each row's JSON (server/db/listRows.ts),
// when every value the model shows has a SQLite form: plain columns, dates, booleans, and getters
// registered with one (models/getterSql.ts). A getter without one must make the list serialise
// in JavaScript instead, and either way a row is exactly what the model's toJSON writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataTypes, Model, QueryTypes, Sequelize } from 'sequelize';
import { pageRows, type SqlList } from '../../server/db/listRows';
import { bigintColumn } from '../../server/db/models/common';
import { jsonColumn, nullableJsonColumn } from '../../server/db/models/json';

class Known extends Model {}
class Unknown extends Model {}

let sequelize: Sequelize;

beforeAll(async () => {
  sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  const columns = {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    label: { type: DataTypes.STRING, allowNull: true },
    amount: bigintColumn('amount'),
    tags: jsonColumn<string[]>('tags', []),
    extra: nullableJsonColumn<Record<string, unknown>>('extra'),
    active: { type: DataTypes.BOOLEAN, allowNull: true },
    endsAt: { type: DataTypes.DATE, allowNull: true },
  };
  Known.init(columns, { sequelize, tableName: 'known', underscored: true });
  Unknown.init(
    {
      ...columns,
      // A getter with no SQLite form: the list must not guess one.
      shout: {
        type: DataTypes.VIRTUAL,
        get(this: Unknown) {
          const label = this.getDataValue('label') as string | null;
          return label ? `${label.toUpperCase()}!` : null;
        },
      },
    },
    { sequelize, tableName: 'unknown', underscored: true },
  );
  await sequelize.sync();
  const rows = [
    {
      label: 'plain',
      amount: 1999,
      tags: ['a', 'b'],
      extra: { nested: { n: 1.5, s: 'x"y' } },
      active: true,
      endsAt: new Date(Date.UTC(2026, 0, 31, 23, 59, 59, 123)),
    },
    { label: 'café — "quoted" \\ \n\t\u0001 🎉', amount: 2 ** 45, tags: [], extra: null, active: false, endsAt: null },
    { label: null, amount: 0, tags: ['é'], extra: { list: [1, 'two', null, true] }, active: null, endsAt: new Date(0) },
  ];
  await Known.bulkCreate(rows);
  await Unknown.bulkCreate(rows);
});
afterAll(() => sequelize.close());

async function page(list: SqlList): Promise<{ select: string; json: string }> {
  const rows = pageRows(list, 'sqlite');
  const found = await sequelize.query<Record<string, unknown>>(`SELECT ${rows.select} FROM "${list.table}" t ORDER BY t."id"`, { type: QueryTypes.SELECT });
  return { select: rows.select, json: rows.json(found) };
}

describe('a list page on SQLite', () => {
  it("has SQLite write the rows when every value has a SQLite form, byte for byte the model's JSON", async () => {
    const { select, json } = await page({ table: 'known', model: Known, dims: [] });
    expect(select).toContain('json_object(');
    expect(json).toBe(JSON.stringify(await Known.findAll({ order: [['id', 'ASC']] })));
  });

  it('serialises in JavaScript when a getter has no SQLite form, with the same bytes as the model', async () => {
    const { select, json } = await page({ table: 'unknown', model: Unknown, dims: [] });
    expect(select).not.toContain('json_object(');
    const expected = JSON.stringify(await Unknown.findAll({ order: [['id', 'ASC']] }));
    expect(json).toBe(expected);
    expect(json).toContain('"shout":"PLAIN!"');
  });
});
