import { startEmulator } from './index';

const port = Number(process.env.EMULATOR_PORT ?? 12111);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const verbose = process.env.EMULATOR_LOG === '1';

const emulator = await startEmulator({ port, host, log: verbose ? (line) => console.log(line) : undefined });
console.log(`Stripe emulator listening on ${emulator.url} — use any sk_test_ key`);

const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
