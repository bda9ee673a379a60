import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../../server/db/migrate';
import { migrations } from '../../server/db/migrations';
import { migration as redaction } from '../../server/db/migrations/016-sign-in-link-redaction';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { dropTestDatabase, testDatabaseUrl } from '../helpers/database';

/** Outbox rows written before sign-in tokens were redacted still held them: the migration redacts them. */
describe('migration 016: sign-in links in the outbox', () => {
  let url: string;
  let db: Database;
  beforeAll(async () => {
    url = await testDatabaseUrl();
    db = await openDatabase(url);
    await (await createMigrator(db.sequelize)).up({ to: migrations[migrations.indexOf(redaction) - 1]!.name });
  });
  afterAll(async () => {
    await db?.close();
    if (url) await dropTestDatabase(url);
  });

  it('replaces every token in subjects, bodies and data, keeping the rest of each message', async () => {
    const link = 'https://billing.example.com/portal/auth?token=Old_Token-1234567890abcdefghij';
    const now = new Date();
    await db.sequelize.query(
      `INSERT INTO notifications (template, to_address, subject, text_body, html_body, data, status, attempts, created_at, updated_at)
       VALUES ('magic_link', 'ada@example.com', ?, ?, ?, ?, 'sent', 1, ?, ?), ('admin_alert', 'ops@example.com', 'Drift', 'No link here', NULL, '{}', 'sent', 1, ?, ?)`,
      {
        replacements: [
          `Sign in: ${link}`,
          `Your link: ${link}`,
          `<a href="${link}">Sign in</a>`,
          JSON.stringify({ link, expiresInMinutes: '15' }),
          now,
          now,
          now,
          now,
        ],
      },
    );
    await (await createMigrator(db.sequelize)).up();
    const rows = await db.sequelize.query<{ subject: string; text_body: string; html_body: string | null; data: string }>(
      'SELECT subject, text_body, html_body, data FROM notifications ORDER BY id',
      { type: QueryTypes.SELECT },
    );
    const redacted = 'https://billing.example.com/portal/auth?token=(redacted)';
    expect(rows).toEqual([
      {
        subject: `Sign in: ${redacted}`,
        text_body: `Your link: ${redacted}`,
        html_body: `<a href="${redacted}">Sign in</a>`,
        data: JSON.stringify({ link: redacted, expiresInMinutes: '15' }),
      },
      { subject: 'Drift', text_body: 'No link here', html_body: null, data: '{}' },
    ]);
    // Reversible: the column it adds goes and comes back.
    await (await createMigrator(db.sequelize)).down({ to: redaction.name });
    await (await createMigrator(db.sequelize)).up();
    const columns = await db.sequelize.getQueryInterface().describeTable('portal_tokens');
    expect(Object.keys(columns)).toContain('notification_id');
  });
});
