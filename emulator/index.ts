import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AppOptions } from './app';
import { createEmulatorApp } from './app';

export interface EmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  log?: (line: string) => void;
  /** Retry timing for webhook deliveries (tests shorten it). */
  webhooks?: AppOptions['webhooks'];
  /** State is loaded from and saved to this JSON file (see AppOptions.dataFile). */
  dataFile?: string;
  /** The emulator's base clock (tests move it to expire events); defaults to the wall clock. */
  clock?: AppOptions['clock'];
  /** The account's default API version (see AppOptions.apiVersion). */
  apiVersion?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const { app, shutdown } = createEmulatorApp({
    log: opts.log,
    webhooks: opts.webhooks,
    dataFile: opts.dataFile,
    clock: opts.clock,
    apiVersion: opts.apiVersion,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 12111, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        url,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            shutdown();
            server.close((err) => (err ? fail(err) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

export { createEmulatorApp } from './app';
export type { AppOptions, EmulatorApp } from './app';
