import { Op } from 'sequelize';
import { AdminUser } from '../db/models';
import type { Database } from '../db/sequelize';
import { queue } from './outbox';

export interface Alert {
  /** what the alert is about, e.g. "webhooks" or "drift": one e-mail per kind and hour */
  kind: string;
  title: string;
  details: string;
  /** path in the admin app, e.g. #/events?... */
  adminPath: string;
}

/**
 * E-mails every owner and admin. Deduplicated per kind and hour (the key holds the hour), so a
 * condition that persists reminds them hourly instead of on every check.
 */
export async function alertAdmins(db: Database, baseUrl: string, alert: Alert, now = new Date()): Promise<number> {
  const admins = await AdminUser.findAll({ where: { role: { [Op.in]: ['owner', 'admin'] } }, order: [['id', 'ASC']] });
  const hour = now.toISOString().slice(0, 13);
  await queue(
    db,
    admins.map((admin) => ({
      template: 'admin_alert' as const,
      to: admin.email,
      data: { title: alert.title, details: alert.details, adminUrl: `${baseUrl}/admin/${alert.adminPath}` },
      dedupeKey: `admin_alert:${alert.kind}:${hour}:${admin.email}`,
    })),
  );
  return admins.length;
}
