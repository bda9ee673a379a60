import { Hono } from 'hono';
import { getEmailTemplate, listEmailTemplates, previewEmailTemplate, updateEmailTemplate } from '../billing/emailTemplates';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { emailTemplateUpdateSchema } from '../../shared/emailTemplates';
import { listRoute } from './listRoute';

/** /api/email-templates: one per message Recur sends; edited, never created or deleted. */
export function emailTemplateRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('email-templates', listEmailTemplates))
    .get('/:id', async (c) => c.json(await getEmailTemplate(idParam(c))))
    .get('/:id/preview', async (c) => c.json(await previewEmailTemplate(idParam(c))))
    .put('/:id', async (c) => c.json(await updateEmailTemplate(db, c.get('user'), idParam(c), await jsonBody(c, emailTemplateUpdateSchema))));
}
