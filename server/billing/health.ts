import type { Database } from '../db/sequelize';
import { recentOtherVersions, type OtherVersion } from '../stripe/apply/apiVersions';
import { PINNED_API_VERSION } from '../stripe/client';

export async function databaseIsUp(db: Database): Promise<boolean> {
  try {
    await db.sequelize.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * The API version Recur reads, and the others webhook events came in lately (their objects were
 * re-read from Stripe instead). An endpoint Recur did not register (STRIPE_WEBHOOK_SECRET) may
 * have any version, and only this shows it.
 */
export async function webhookVersions(): Promise<{ apiVersion: string; otherEventApiVersions: OtherVersion[] }> {
  return { apiVersion: PINNED_API_VERSION, otherEventApiVersions: await recentOtherVersions() };
}
