import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { Config } from '../config';

type Fetch = Parameters<typeof createAdaptorServer>[0]['fetch'];

export type ConnectionLimits = Pick<Config, 'REQUEST_TIMEOUT_MS' | 'HEADERS_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS' | 'MAX_CONNECTIONS'>;

/** A start-up failure with a message for people: `npm start` prints the message alone, no stack. */
export class StartupError extends Error {}

/**
 * Turns a failed listen into one line naming the port and the variable that sets it; other
 * errors pass unchanged.
 */
export function listenError(error: unknown, port: number, variable: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new StartupError(`Port ${port} is already in use (${variable}): stop what is using it, or set ${variable} to a free port.`);
  if (code === 'EACCES')
    return new StartupError(`Port ${port} needs privileges this process does not have (${variable}): set ${variable} to a port above 1023.`);
  return error;
}

/**
 * Node checks the request and header timeouts every connectionsCheckingInterval (30 s by default),
 * so a 20 s limit could hold a connection for 50 s; a quarter of the shorter timeout, at most a
 * second, keeps them close to what they say at the cost of one walk over the open connections.
 */
function checkingInterval(limits: ConnectionLimits): number {
  return Math.max(25, Math.min(1000, Math.floor(Math.min(limits.HEADERS_TIMEOUT_MS, limits.REQUEST_TIMEOUT_MS) / 4)));
}

/**
 * Serves `fetch` with the limits a deployment facing the internet needs: a client that drips its
 * request is answered 408 and disconnected, idle keep-alive connections close, and connections past
 * the cap are closed as they arrive, so slow or many clients cannot hold the server's sockets.
 */
export function listen(fetch: Fetch, port: number, hostname: string, limits: ConnectionLimits): Promise<ServerType> {
  const server = createAdaptorServer({
    fetch,
    hostname,
    serverOptions: {
      requestTimeout: limits.REQUEST_TIMEOUT_MS,
      headersTimeout: limits.HEADERS_TIMEOUT_MS,
      keepAliveTimeout: limits.KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: checkingInterval(limits),
    },
  });
  server.maxConnections = limits.MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
