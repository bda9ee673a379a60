import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import type { CliListener } from '../helpers/cli-fixtures';
import { startTestEmulator } from '../helpers/emulator';
import { loadCliFixtures } from '../helpers/cli-fixture-data';
import { listenForAll, replayCliFixture } from '../helpers/cli-fixtures';

// Each file in cli-fixtures/ transcribes one `stripe trigger` fixture (stripe/stripe-cli
// pkg/fixtures/triggers/<trigger>.json, named in its `follows`). Replayed through the SDK, every
// request must be answered as Stripe answers it and the trigger's events must arrive, signed.
// One emulator and one all-events endpoint serve the whole file; each replay's events are told
// apart by the objects they are about.
const fixtures = loadCliFixtures(fileURLToPath(new URL('./cli-fixtures', import.meta.url)));

let t: TestEmulator;
let listener: CliListener;

beforeAll(async () => {
  t = await startTestEmulator();
  listener = await listenForAll(t.stripe);
});

afterAll(async () => {
  await t.emulator.close();
  await listener.receiver.close();
});

describe('stripe trigger fixtures replay against the emulator', () => {
  it.each(fixtures.map((f) => [f.trigger, f.follows, f] as const))('%s (%s)', async (_trigger, _follows, fixture) => {
    const result = await replayCliFixture({ stripe: t.stripe, emulatorUrl: t.emulator.url, listener }, fixture);
    const arrived = result.events.map((e) => e.type);
    expect({ missing: result.missing, arrived }).toEqual({ missing: [], arrived });
    expect(result.unexpected).toEqual([]);
  });
});
