import { spawn, type ChildProcess } from 'node:child_process';

export interface RecurProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hook runs, as when a machine loses power */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Recur as `npm start` runs it, in its own process: node with tsx's loader (tsx's CLI would put a second process in between, and SIGKILL would miss the server). */
export async function startRecurProcess(env: Record<string, string>): Promise<RecurProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await Promise.race([
    new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Recur is running')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
    }),
    exited.then((code) => {
      throw new Error(`Recur exited with ${code}: ${output.slice(-2000)}`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${env.PORT}`,
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Recur started as `npm start` starts it, expected to stop by itself (a start-up failure): its exit code and output. */
export async function runRecurToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
