import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, stripeMode, stripeRequestsPerSecond } from '../../server/config';

describe('loadConfig', () => {
  it('fills the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.EMULATOR_PORT).toBe(12111);
    expect(config.DATABASE_URL).toBe('sqlite:data/recur.sqlite');
    expect(stripeMode(config)).toBe('emulator');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a number'],
    [{ PORT: '70000' }, 'PORT must be at most 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with sqlite: or postgres://'],
    [{ STRIPE_SECRET_KEY: 'pk_test_123' }, 'STRIPE_SECRET_KEY must look like'],
    [{ STRIPE_WEBHOOK_SECRET: 'nope' }, 'STRIPE_WEBHOOK_SECRET must start with whsec_'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must be a URL'],
    [{ ADMIN_EMAIL: 'not-an-email' }, 'ADMIN_EMAIL must be an e-mail address'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD must be at least 12 characters'],
    [{ ADMIN_PASSWORD: '            ' }, 'ADMIN_PASSWORD must not be blank'],
    [{ ADMIN_PASSWORD: 'aaaaaaaaaaaa' }, 'ADMIN_PASSWORD is too easy to guess: repeated characters'],
    [{ ADMIN_PASSWORD: 'password1234' }, 'ADMIN_PASSWORD is too easy to guess: this is similar to a commonly used password'],
    [{ ADMIN_EMAIL: 'grace@example.com', ADMIN_PASSWORD: 'grace@example.com' }, 'ADMIN_PASSWORD is too easy to guess'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL must be a URL'],
    [{ MAIL_FROM: 'Recur billing' }, 'MAIL_FROM must be an e-mail address or "Name <address>"'],
    [{ STRIPE_REQUESTS_PER_SECOND: 'fast' }, 'STRIPE_REQUESTS_PER_SECOND must be a number'],
    [{ STRIPE_REQUESTS_PER_SECOND: '0' }, 'STRIPE_REQUESTS_PER_SECOND must be at least 1'],
    [{ STRIPE_REQUESTS_PER_SECOND: '2.5' }, 'STRIPE_REQUESTS_PER_SECOND must be a whole number'],
  ])('rejects %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes an ADMIN_PASSWORD that is hard to guess', () => {
    expect(loadConfig({ ADMIN_PASSWORD: 'velvet lantern orbit 42' }).ADMIN_PASSWORD).toBe('velvet lantern orbit 42');
  });

  it('requires a webhook secret with a real key unless Recur can register its endpoint', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow('STRIPE_WEBHOOK_SECRET is required');
    expect(stripeMode(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toBe('live');
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', PUBLIC_URL: 'https://billing.example.com/' }).PUBLIC_URL).toBe('https://billing.example.com');
  });

  it('paces syncs at Stripe’s basic rate limit for the key’s mode unless told otherwise', () => {
    // docs.stripe.com/rate-limits: 100 requests per second in live mode, 25 in test mode (the emulator stands in for test mode).
    expect(stripeRequestsPerSecond(loadConfig({}))).toBe(25);
    expect(stripeRequestsPerSecond(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toBe(25);
    expect(stripeRequestsPerSecond(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toBe(100);
    expect(stripeRequestsPerSecond(loadConfig({ STRIPE_SECRET_KEY: 'rk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }))).toBe(100);
    expect(stripeRequestsPerSecond(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_REQUESTS_PER_SECOND: '40' }))).toBe(
      40,
    );
  });

  it('takes MAIL_FROM as an address or a named address, with a default', () => {
    expect(loadConfig({}).MAIL_FROM).toBe('Recur <no-reply@recur.local>');
    expect(loadConfig({ MAIL_FROM: 'Billing <billing@example.com>' }).MAIL_FROM).toBe('Billing <billing@example.com>');
    expect(loadConfig({ MAIL_FROM: 'billing@example.com' }).MAIL_FROM).toBe('billing@example.com');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', STRIPE_SECRET_KEY: '' }).PORT).toBe(3000);
  });
});
