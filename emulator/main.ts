import { startEmulator } from './index';

const port = Number(process.env.EMULATOR_PORT ?? 12111);
const host = process.env.EMULATOR_HOST ?? '127.0.0.1';
const verbose = process.env.EMULATOR_LOG === '1';
// Unset: state lives in memory only and is gone when the process exits.
const dataFile = process.env.EMULATOR_DATA_FILE || undefined;
// The account's default API version; unset, the stripe SDK's pinned version.
const apiVersion = process.env.EMULATOR_API_VERSION || undefined;

const emulator = await startEmulator({ port, host, dataFile, apiVersion, log: verbose ? (line) => console.log(line) : undefined });
console.log(
  `Stripe emulator listening on ${emulator.url} — use any sk_test_ key${dataFile ? ` — state in ${dataFile}` : ''}${apiVersion ? ` — account API version ${apiVersion}` : ''}`,
);

const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
