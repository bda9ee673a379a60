import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index';
import { control, sdkFor, startOpsEmulator } from '../helpers/ops';

const dir = mkdtempSync(join(tmpdir(), 'emulator-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SavedFile {
  version: number;
  store: Record<string, { kind: string; items?: { id: string }[] }>;
}

function readSaved(path: string): SavedFile {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('persistence', () => {
  it('restores customers, products, prices, plans and events with their ids after a restart', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startOpsEmulator({ dataFile });
    const customers = [];
    for (let i = 0; i < 3; i++) customers.push(await first.stripe.customers.create({ email: `keep${i}@x.io`, metadata: { n: String(i) } }));
    const product = await first.stripe.products.create({ name: 'Kept' });
    const price = await first.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1999,
      recurring: { interval: 'month' },
      product: product.id,
      lookup_key: 'kept',
    });
    await first.stripe.plans.create({ id: 'kept-plan', amount: 700, currency: 'usd', interval: 'year', product: product.id });
    const idem = await first.stripe.customers.create({ email: 'idem@x.io' }, { idempotencyKey: 'persisted-key' });
    const events = (await first.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    await first.emulator.close();

    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved = readSaved(dataFile);
    expect(saved.version).toBe(1);
    expect(saved.store.customers.kind).toBe('collection');
    expect(saved.store.customers.items?.map((c) => c.id)).toEqual([...customers, idem].map((c) => c.id));

    const second = await startOpsEmulator({ dataFile });
    const stripe = second.stripe;
    const listed = await stripe.customers.list();
    expect(listed.data.map((c) => c.id)).toEqual([idem, ...[...customers].reverse()].map((c) => c.id));
    const restored = await stripe.customers.retrieve(customers[0].id);
    if (restored.deleted) throw new Error('customer came back deleted');
    expect([restored.email, restored.metadata]).toEqual([customers[0].email, customers[0].metadata]);
    const restoredPrice = await stripe.prices.retrieve(price.id, { expand: ['product'] });
    expect([restoredPrice.unit_amount, String(restoredPrice.unit_amount_decimal), restoredPrice.lookup_key]).toEqual([1999, '1999', 'kept']);
    expect((await stripe.prices.list({ lookup_keys: ['kept'] })).data.map((p) => p.id)).toEqual([price.id]);
    expect((await stripe.plans.retrieve('kept-plan')).amount).toBe(700);
    expect((await stripe.events.list({ limit: 100 })).data.map((e) => e.id)).toEqual(events);
    // The idempotency record survived too: the same key and params replay the same customer.
    expect((await stripe.customers.create({ email: 'idem@x.io' }, { idempotencyKey: 'persisted-key' })).id).toBe(idem.id);

    const fresh = await stripe.customers.create({ email: 'new@x.io' });
    expect([...customers, idem].map((c) => c.id)).not.toContain(fresh.id);
    expect((await stripe.customers.list({ limit: 100 })).data).toHaveLength(5);
    await second.emulator.close();
  });

  it('saves shortly after a change without waiting for close, replacing the file atomically', async () => {
    const dataFile = join(dir, 'nested', 'debounced.json');
    const { emulator, stripe } = await startOpsEmulator({ dataFile });
    const customer = await stripe.customers.create({ email: 'soon@x.io' });
    await new Promise((r) => setTimeout(r, 600));
    expect(readSaved(dataFile).store.customers.items?.map((c) => c.id)).toEqual([customer.id]);

    // A reset is a change like any other.
    await control(emulator, 'POST', '/reset');
    await new Promise((r) => setTimeout(r, 600));
    expect(readSaved(dataFile).store.customers.items).toEqual([]);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['debounced.json']);
    await emulator.close();
  });

  it('starts empty when the file does not exist yet, and refuses a file that is not its own', async () => {
    const dataFile = join(dir, 'absent.json');
    const emulator = await startEmulator({ port: 0, dataFile });
    expect((await sdkFor(emulator).customers.list()).data).toEqual([]);
    await emulator.close();
    expect(readSaved(dataFile).version).toBe(1);

    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
    await expect((async () => startEmulator({ port: 0, dataFile: foreign }))()).rejects.toThrow(/not an emulator data file/);
  });
});
