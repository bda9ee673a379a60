import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * zxcvbn's score (0–4) a password needs: 3 is "safely unguessable", about 10^8 guesses and up.
 * Twelve characters (the minimum length) of a common password with digits added, a keyboard row,
 * or one character repeated all score 0–1.
 */
export const MIN_PASSWORD_SCORE = 3;

const require = createRequire(import.meta.url);
const MODULES = {
  core: require.resolve('@zxcvbn-ts/core'),
  common: require.resolve('@zxcvbn-ts/language-common'),
  translations: join(dirname(require.resolve('@zxcvbn-ts/language-en')), 'translations.cjs'),
};

/**
 * Runs zxcvbn-ts with its common-password list (~49,000 passwords and the diceware words) in a
 * child process: loading the list takes ~0.2 s of one thread and leaves ~25 MB resident for good,
 * which neither the request thread (webhooks wait on it) nor the server's memory budget can spare
 * for a check made when an owner sets a password. Input on stdin, so the password is never in
 * a process list.
 */
const SCRIPT = `
const [core, common, translations] = JSON.parse(process.argv[1]);
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { password, userInputs } = JSON.parse(input);
  const { ZxcvbnFactory } = require(core);
  const { dictionary, adjacencyGraphs } = require(common);
  const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations: require(translations) });
  const result = zxcvbn.check(password, userInputs);
  process.stdout.write(JSON.stringify({ score: result.score, warning: result.feedback.warning || null }));
});`;

interface Strength {
  score: number;
  warning: string | null;
}

const ARGS = ['-e', SCRIPT, JSON.stringify([MODULES.core, MODULES.common, MODULES.translations])];
const TIMEOUT_MS = 20_000;

function parse(stdout: string, stderr: string, status: number | null): Strength {
  if (status !== 0) throw new Error(`the password check failed (exit ${status}): ${stderr.slice(0, 500)}`);
  return JSON.parse(stdout) as Strength;
}

function explain({ score, warning }: Strength): string | null {
  if (score >= MIN_PASSWORD_SCORE) return null;
  const why = warning ? warning.replace(/\.$/, '') : 'add more words or characters';
  return `is too easy to guess: ${why.charAt(0).toLowerCase()}${why.slice(1)}`;
}

function strengthOf(password: string, userInputs: readonly string[]): Promise<Strength> {
  return new Promise<Strength>((resolve, reject) => {
    const child = spawn(process.execPath, ARGS, { env: {}, stdio: ['pipe', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(parse(stdout, stderr, status));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify({ password, userInputs }));
  });
}

/**
 * What is wrong with a password an admin chose, as a field message ("is too easy to guess: ..."),
 * or null: blank, repeated, sequential and common passwords (also with digits or capitals added,
 * or made of the user's own e-mail or name) are refused.
 */
export async function passwordProblem(password: string, userInputs: readonly string[] = []): Promise<string | null> {
  if (!password.trim()) return 'must not be blank';
  return explain(await strengthOf(password, userInputs));
}

/** The same check, blocking: for the configuration, read once at start-up before anything runs. */
export function passwordProblemSync(password: string, userInputs: readonly string[] = []): string | null {
  if (!password.trim()) return 'must not be blank';
  const child = spawnSync(process.execPath, ARGS, { env: {}, input: JSON.stringify({ password, userInputs }), encoding: 'utf8', timeout: TIMEOUT_MS });
  if (child.error) throw child.error;
  return explain(parse(child.stdout, child.stderr, child.status));
}
