import { EmailTemplate } from '../db/models';
import { renderTemplate, type RenderedMessage, type TemplateKey, type TemplateSource } from '../../shared/emailTemplates';
import { DEFAULT_TEMPLATES } from './defaults';

export { TEMPLATE_VARIABLES, unknownVariables, usedVariables } from '../../shared/emailTemplates';

/** The template as the admin last saved it; the default if its row is gone. */
export async function templateSource(key: TemplateKey): Promise<TemplateSource> {
  const row = await EmailTemplate.findOne({ where: { key } });
  return row ? { subject: row.subject, textBody: row.textBody, htmlBody: row.htmlBody } : DEFAULT_TEMPLATES[key];
}

export async function renderMessage(key: TemplateKey, data: Record<string, string>): Promise<RenderedMessage> {
  return renderTemplate(await templateSource(key), data);
}
