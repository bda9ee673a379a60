import type { Migration } from './types';

/**
 * Issue 17: `payments (status, attempted_at)` (migration 001) holds what `payments (status,
 * attempted_at, id)` (migration 028) holds: SQLite ends every index with the rowid, which `id`
 * is, so the two were the same index written twice on every payment; on PostgreSQL the longer one
 * serves every query the shorter one did. The shorter one goes.
 */
export const migration: Migration = {
  name: '031-drop-duplicate-payment-index',
  up: (qi) => qi.removeIndex('payments', 'payments_status_attempted_at'),
  down: (qi) => qi.addIndex('payments', ['status', 'attempted_at']),
};
