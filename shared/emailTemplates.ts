import { z } from 'zod';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';
import { own } from './own';

/**
 * The e-mails Recur sends, the variables each template may use, and the one renderer both the
 * server (sending, preview) and the admin (live preview while editing) run.
 */
export const TEMPLATE_KEYS = [
  'payment_failed',
  'payment_action_required',
  'payment_receipt',
  'trial_ending',
  'subscription_canceled',
  'magic_link',
  'admin_alert',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** variable → what it holds; a template may use these and no others */
export const TEMPLATE_VARIABLES: Record<TemplateKey, Record<string, string>> = {
  payment_failed: {
    customerName: 'the customer’s name (or e-mail)',
    planName: 'the plan of the subscription',
    amount: 'the amount due, formatted (e.g. $19.00)',
    failureMessage: 'why the card was declined',
    nextRetryAt: 'when Stripe tries again (or "no further automatic retry")',
    portalUrl: 'a sign-in link to the portal, where the card can be updated (valid 3 days)',
    invoiceUrl: 'Stripe’s hosted invoice page',
  },
  payment_action_required: {
    customerName: 'the customer’s name (or e-mail)',
    planName: 'the plan of the subscription',
    amount: 'the amount to confirm, formatted (e.g. $19.00)',
    confirmUrl: 'the invoice’s hosted page, where the customer confirms the payment with their bank',
    portalUrl: 'a sign-in link to the portal (valid 3 days)',
  },
  payment_receipt: {
    customerName: 'the customer’s name (or e-mail)',
    planName: 'the plan of the subscription',
    amount: 'the amount paid, formatted',
    paidAt: 'when it was paid',
    invoiceUrl: 'Stripe’s hosted invoice page',
    portalUrl: 'the portal’s address',
  },
  trial_ending: {
    customerName: 'the customer’s name (or e-mail)',
    planName: 'the plan of the subscription',
    trialEndsAt: 'when the trial ends',
    amount: 'the price charged from then on, formatted with its interval',
    portalUrl: 'the portal’s address',
  },
  subscription_canceled: {
    customerName: 'the customer’s name (or e-mail)',
    planName: 'the plan of the subscription',
    canceledAt: 'when the subscription ended',
    portalUrl: 'the portal’s address',
  },
  magic_link: {
    link: 'the single-use sign-in link',
    expiresInMinutes: 'how long the link works',
  },
  admin_alert: {
    title: 'what happened, in one line',
    details: 'the particulars (several lines)',
    adminUrl: 'where to look in the admin panel',
  },
};

/** Values the preview renders with: realistic, so an admin sees what a customer would. */
export const SAMPLE_DATA: Record<TemplateKey, Record<string, string>> = {
  payment_failed: {
    customerName: 'Ada Lovelace',
    planName: 'Gold Monthly',
    amount: '$19.00',
    failureMessage: 'Your card was declined.',
    nextRetryAt: 'Tue, 2 Jun 2026, 09:00 UTC',
    portalUrl: 'https://billing.example.com/portal/auth?token=sample',
    invoiceUrl: 'https://invoice.stripe.com/i/sample',
  },
  payment_action_required: {
    customerName: 'Ada Lovelace',
    planName: 'Gold Monthly',
    amount: '$19.00',
    confirmUrl: 'https://invoice.stripe.com/i/sample',
    portalUrl: 'https://billing.example.com/portal/auth?token=sample',
  },
  payment_receipt: {
    customerName: 'Ada Lovelace',
    planName: 'Gold Monthly',
    amount: '$19.00',
    paidAt: 'Mon, 1 Jun 2026, 09:00 UTC',
    invoiceUrl: 'https://invoice.stripe.com/i/sample',
    portalUrl: 'https://billing.example.com/portal',
  },
  trial_ending: {
    customerName: 'Ada Lovelace',
    planName: 'Gold Monthly',
    trialEndsAt: 'Thu, 4 Jun 2026, 09:00 UTC',
    amount: '$19.00 / month',
    portalUrl: 'https://billing.example.com/portal',
  },
  subscription_canceled: {
    customerName: 'Ada Lovelace',
    planName: 'Gold Monthly',
    canceledAt: 'Mon, 1 Jun 2026, 09:00 UTC',
    portalUrl: 'https://billing.example.com/portal',
  },
  magic_link: { link: 'https://billing.example.com/portal/auth?token=sample', expiresInMinutes: '15' },
  admin_alert: {
    title: 'Webhook events keep failing',
    details: '3 events failed 3 times or more.\nevt_123 (invoice.paid): customer cus_1 is not mirrored',
    adminUrl: 'https://billing.example.com/admin/#/events',
  },
};

export const templateKeySchema = z.enum(TEMPLATE_KEYS);

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every {{name}} a text uses, in order of appearance, without repeats. */
export function usedVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** field → message for each variable a template uses that its key does not provide. */
export function unknownVariables(key: TemplateKey, fields: Record<string, string | null | undefined>): Record<string, string> {
  const known = TEMPLATE_VARIABLES[key];
  const errors: Record<string, string> = {};
  for (const [field, text] of Object.entries(fields)) {
    const unknown = usedVariables(text ?? '').filter((name) => !Object.hasOwn(known, name));
    if (unknown.length) {
      errors[field] = `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; this template knows ${Object.keys(known)
        .map((n) => `{{${n}}}`)
        .join(', ')}`;
    }
  }
  return errors;
}

/** A template's own key, id and variables may come back with an edit; they are ignored, anything else refused. */
export const emailTemplateUpdateSchema = ignoringReadOnly(
  READ_ONLY_FIELDS['email-templates'],
  z.strictObject({
    subject: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    textBody: z.string().trim().min(1, 'is required').max(20_000, 'must be at most 20000 characters'),
    htmlBody: z
      .string()
      .max(50_000, 'must be at most 50000 characters')
      .nullish()
      .transform((s) => (s?.trim() ? s : null)),
  }),
);
export type EmailTemplateUpdate = z.infer<typeof emailTemplateUpdateSchema>;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function substitute(text: string, data: Record<string, string>, encode: (value: string) => string): string {
  // Own values only: {{constructor}} (refused when saved, but typed into the preview) renders as nothing.
  return text.replace(VARIABLE, (_m, name: string) => encode(own(data, name) ?? ''));
}

/** Plain text as simple HTML: escaped, paragraphs and line breaks kept, links clickable. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) =>
    escapeHtml(p)
      .replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`)
      .replace(/\n/g, '<br>'),
  );
  return `<div style="font-family: sans-serif; font-size: 15px; line-height: 1.5">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div>`;
}

export interface TemplateSource {
  subject: string;
  textBody: string;
  htmlBody: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/**
 * {{var}} substitution. In HTML every value is escaped, so a customer named `<script>` stays text;
 * without an HTML body the text body is turned into HTML after substitution.
 */
export function renderTemplate(source: TemplateSource, data: Record<string, string>): RenderedMessage {
  const subject = substitute(source.subject, data, (v) => v.replace(/[\r\n]+/g, ' '));
  const text = substitute(source.textBody, data, (v) => v);
  const html = source.htmlBody ? substitute(source.htmlBody, data, escapeHtml) : textToHtml(text);
  return { subject, text, html };
}
