import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startRecur } from './runtime';
import { StartupError } from './http/server';

/** Entry point of `npm start`: read config, start, print where to go, stop cleanly. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const recur = await startRecur(config, log);

  const lines = [
    '',
    `Recur is running at ${recur.url}`,
    `  Signup form:  ${recur.url}/signup`,
    `  Portal:       ${recur.url}/portal${config.SMTP_URL ? '' : '  (no SMTP_URL: e-mails, sign-in links too, wait in Admin → Notifications)'}`,
    `  Admin panel:  ${recur.adminUrl}`,
    `  Admin login:  ${recur.owner.email}` +
      (recur.owner.generatedPassword ? `  password: ${recur.owner.generatedPassword}  (generated now, shown once)` : '  (password as set at first start)'),
    recur.emulatorUrl ? `  Stripe:       emulator at ${recur.emulatorUrl} (pay with 4242 4242 4242 4242)` : '  Stripe:       the Stripe API',
    '',
  ];
  console.log(lines.join('\n'));

  const stop = async () => {
    await recur.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  // A problem people can fix (a port in use) is one line; anything else is a bug, with its stack.
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
