import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { EmailTemplate } from '../db/models';
import type { JsonPage } from '../db/list';
import type { Database } from '../db/sequelize';
import { BadRequestError, NotFoundError } from '../errors';
import {
  renderTemplate,
  SAMPLE_DATA,
  TEMPLATE_KEYS,
  TEMPLATE_VARIABLES,
  unknownVariables,
  type EmailTemplateUpdate,
  type RenderedMessage,
} from '../../shared/emailTemplates';
import type { ListQuery } from '../../shared/listQuery';
import { audit } from './audit';
import { requireRole } from './roles';
import { simpleList } from './simpleList';

const SPEC = {
  sortable: ['key', 'subject', 'updatedAt'],
  defaultSort: ['id', 'ASC'],
  filters: { key: z.enum(TEMPLATE_KEYS) },
  search: ['key', 'subject'],
} as const;

const LISTED = ['id', 'key', 'subject', 'updatedBy', 'updatedAt'];

/** The template with the variables it may use, so the editor can list them. */
export function presentTemplate(row: EmailTemplate) {
  const { id, key, subject, textBody, htmlBody, updatedBy, updatedAt } = row;
  return { id, key, subject, textBody, htmlBody, updatedBy, updatedAt, variables: TEMPLATE_VARIABLES[key] };
}

export function listEmailTemplates(_actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  return simpleList(EmailTemplate, SPEC, query, LISTED);
}

async function findTemplate(id: number): Promise<EmailTemplate> {
  const row = await EmailTemplate.findByPk(id);
  if (!row) throw new NotFoundError(`No email template with id ${id}`);
  return row;
}

export async function getEmailTemplate(id: number) {
  return presentTemplate(await findTemplate(id));
}

/** Saves an edited template; a variable the template's message does not provide is a 400 on its field. */
export async function updateEmailTemplate(db: Database, actor: SessionUser, id: number, input: EmailTemplateUpdate) {
  requireRole(actor, ['owner', 'admin'], 'edit email templates');
  const row = await findTemplate(id);
  const errors = unknownVariables(row.key, { subject: input.subject, textBody: input.textBody, htmlBody: input.htmlBody });
  const [field, message] = Object.entries(errors)[0] ?? [];
  if (field) throw new BadRequestError(`Invalid ${field}: ${message}`, errors);
  return db.write(async (transaction) => {
    const before = { subject: row.subject, textBody: row.textBody, htmlBody: row.htmlBody };
    await row.update({ ...input, updatedBy: actor.email }, { transaction });
    const changed = Object.keys(before).filter((k) => before[k as keyof typeof before] !== input[k as keyof EmailTemplateUpdate]);
    await audit(actor, { action: 'email_template.update', entityType: 'email_template', entityId: id, details: { key: row.key, changed } }, transaction);
    return presentTemplate(row);
  });
}

/** The saved template rendered with sample values, as a customer would receive it. */
export async function previewEmailTemplate(id: number): Promise<RenderedMessage & { key: string }> {
  const row = await findTemplate(id);
  return { key: row.key, ...renderTemplate(row, SAMPLE_DATA[row.key]) };
}
