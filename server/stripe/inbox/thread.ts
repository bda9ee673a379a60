// The apply thread: applies stored webhook events on its own core, with its own SQLite
// connections, while the request thread keeps HTTP, verification and ingest.
import { parentPort, workerData } from 'node:worker_threads';
import { initModels } from '../../db/models';
import { openDatabase } from '../../db/sequelize';
import { createLogger } from '../../logger';
import { createStripeClient } from '../client';
import type { ApplyThreadData, FromApplyThread, ToApplyThread } from './protocol';
import { SharedWriteLock } from './sharedLock';
import { StagedEventStore } from './eventStore';
import { EventWorker } from './worker';
import { IntakeCounter, IntakeYield } from './intakeYield';

// Sequelize reads `new Error().stack` on every query it runs (its BEGIN and COMMIT here), and
// tsx's source maps make each such stack cost about a millisecond: on this thread, whose every
// transaction holds the one writer webhook ingest waits on, they are off. Its error logs then
// point into the transpiled modules; messages and event errors are unchanged.
process.setSourceMapsEnabled(false);

const port = parentPort;
if (!port) throw new Error('thread.ts runs as a worker thread');
const data: ApplyThreadData = workerData;
const post = (message: FromApplyThread) => port.postMessage(message);

// Its own client, built as the request thread builds its one: reads go straight to Stripe.
const stripe = createStripeClient(data.stripe.secretKey, data.stripe.emulatorUrl);

// The thread is its database's only user, so its transactions can share one connection.
const db = await openDatabase(`sqlite:${data.storage}`, { oneConnection: true });
initModels(db.sequelize);
db.guardWrites(new SharedWriteLock(data.lock, 'apply'));
const store = new StagedEventStore(db, data.storage);
const intake = new IntakeYield(new IntakeCounter(data.intake));
const worker = new EventWorker({ stripe, db, log: createLogger(data.logLevel) }, store, data.options, intake);

port.on('message', (message: ToApplyThread) => {
  if (message.kind === 'kick') worker.kick();
  else if (message.kind === 'idle') void worker.idle().then(() => post({ kind: 'idle', id: message.id }));
  else if (message.kind === 'readable') {
    void store
      .readable()
      .catch((err: unknown) => worker.log.warn({ err }, 'could not move staged webhook events'))
      .then(() => post({ kind: 'readable', id: message.id }));
  } else if (message.kind === 'stop') {
    void worker
      .stop()
      .then(() => store.close())
      .then(() => db.close())
      .finally(() => post({ kind: 'stopped' }));
  }
});
worker.start();
