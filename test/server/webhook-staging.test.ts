import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate';
import { initModels, StripeEvent } from '../../server/db/models';
import { openDatabase, type Database } from '../../server/db/sequelize';
import type { RawSqlite } from '../../server/db/sqliteRaw';
import { countStaged, openStaging, stageNew, StagingMover } from '../../server/stripe/inbox/staging';
import { tempSqliteUrl, testPostgresUrl } from '../helpers/database';

/**
 * SQLite stages deliveries in a file of their own and moves them into stripe_events; these are
 * the windows a crash or a redelivery can hit: an event must be in one place or the other, never
 * lost and never stored twice, and a row already applied must not be reset by a second move.
 */
describe.skipIf(testPostgresUrl() !== null)('webhook staging (SQLite)', () => {
  let db: Database;
  let storage: string;
  let staging: RawSqlite;
  let mover: StagingMover;

  const event = (id: string): Stripe.Event =>
    ({
      id,
      object: 'event',
      type: 'customer.created',
      created: 1_780_000_000,
      data: { object: { id: `cus_${id}`, object: 'customer' } },
    }) as unknown as Stripe.Event;
  const move = (limit = Infinity) => mover.move(limit, db.enqueue);

  beforeAll(async () => {
    db = await openDatabase(tempSqliteUrl());
    initModels(db.sequelize);
    await migrate(db.sequelize);
    storage = db.storage!;
    staging = await openStaging(storage);
    mover = await StagingMover.open(storage);
  });
  afterAll(async () => {
    await mover.close();
    await staging.close();
    await db.close();
  });

  it('tells new deliveries from repeats, within a batch and against staged ones', async () => {
    expect(await stageNew(staging, [event('evt_a'), event('evt_b'), event('evt_a')])).toEqual([false, false, true]);
    expect(await stageNew(staging, [event('evt_b'), event('evt_c')])).toEqual([true, false]);
    expect(await countStaged(storage)).toBe(3);
    expect(await StripeEvent.count()).toBe(0);
  });

  it('moves staged deliveries into stripe_events as pending, oldest first, and empties staging', async () => {
    expect(await move(2)).toBe(2);
    expect((await StripeEvent.findAll({ order: [['id', 'ASC']] })).map((e) => [e.id, e.status])).toEqual([
      ['evt_a', 'pending'],
      ['evt_b', 'pending'],
    ]);
    expect(await countStaged(storage)).toBe(1);
    expect(await move()).toBe(1);
    expect(await countStaged(storage)).toBe(0);
    expect(await StripeEvent.count()).toBe(3);
    expect(await move()).toBe(0);
  });

  it('recognises a redelivery of an event already moved', async () => {
    expect(await stageNew(staging, [event('evt_a'), event('evt_d')])).toEqual([true, false]);
    expect(await countStaged(storage)).toBe(1);
  });

  it('moves again after a crash between the move and its delete, without touching applied rows', async () => {
    // A crash after the move committed and before the staged row was deleted: the row is in both places.
    await move();
    await db.write((transaction) => StripeEvent.update({ status: 'processed' }, { where: { id: 'evt_d' }, transaction }));
    const row = await StripeEvent.findByPk('evt_d');
    await staging.run('INSERT INTO staged_events (id, type, object_type, object_id, payload, stripe_created, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row!.id,
      row!.type,
      row!.objectType,
      row!.objectId,
      row!.payload,
      row!.stripeCreated,
      '2026-11-22 00:00:00.000 +00:00',
    ]);
    expect(await countStaged(storage)).toBe(1);
    expect(await stageNew(staging, [event('evt_d')])).toEqual([true]);

    expect(await move()).toBe(1);
    expect(await countStaged(storage)).toBe(0);
    expect((await StripeEvent.findByPk('evt_d'))!.status).toBe('processed');
    expect(await StripeEvent.count({ where: { id: 'evt_d' } })).toBe(1);
  });
});
