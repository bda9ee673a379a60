// `npm run api:types`: regenerates the /api/v1 client types from the document the app serves.
import { writeFile } from 'node:fs/promises';
import type Stripe from 'stripe';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/sequelize';
import { createLogger } from '../server/logger';
import type { Sender } from '../server/notify/sender';
import { createStripeClient } from '../server/stripe/client';
import type { Inbox } from '../server/stripe/inbox';
import { StripePace } from '../server/stripe/pace/pace';
import { API_TYPES_FILE, apiTypesSource } from './apiTypes';

// The document depends on the routes alone, so the app is built but never listens, and its services
// do nothing: no emulator, no Stripe call, no migration, a throwaway in-memory database.
const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' });
const db = await openDatabase(config.DATABASE_URL);
const idle = async () => {};
const inbox: Inbox = { record: async () => false, busy: () => false, idle, kick: () => {}, readable: idle, applyThreadRunning: () => false, stop: idle };
const sender: Sender = { flush: idle, check: idle, stop: idle, delivers: false };
const stripe: Stripe = createStripeClient('sk_test_document_only', 'http://127.0.0.1:9');
const app = createApp({
  config,
  db,
  stripe,
  stripeMode: 'emulator',
  stripePace: new StripePace(1),
  webhookSecret: 'whsec_document_only',
  baseUrl: 'http://localhost:3000',
  log: createLogger('silent'),
  inbox,
  sender,
  adminDir: 'dist/admin',
});
const res = await app.request('/api/v1/openapi.json');
if (res.status !== 200) throw new Error(`/api/v1/openapi.json answered ${res.status}: ${await res.text()}`);
await writeFile(API_TYPES_FILE, await apiTypesSource((await res.json()) as object));
await db.close();
console.log(`wrote ${API_TYPES_FILE}`);
