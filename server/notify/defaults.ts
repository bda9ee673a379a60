import type { TemplateKey, TemplateSource } from '../../shared/emailTemplates';

/**
 * The templates a new installation starts with (seeded by migration 007). Plain text only: the
 * HTML version is derived from it until an admin writes one.
 */
export const DEFAULT_TEMPLATES: Record<TemplateKey, TemplateSource> = {
  payment_failed: {
    subject: 'Your payment of {{amount}} for {{planName}} failed',
    textBody: `Hello {{customerName}},

we could not charge your card {{amount}} for your {{planName}} subscription.
Reason: {{failureMessage}}

Next automatic attempt: {{nextRetryAt}}

To keep your subscription, update your card here:
{{portalUrl}}

The invoice: {{invoiceUrl}}`,
    htmlBody: null,
  },
  payment_action_required: {
    subject: 'Please confirm your payment of {{amount}} for {{planName}}',
    textBody: `Hello {{customerName}},

your bank asks you to confirm the payment of {{amount}} for your {{planName}} subscription.
Nothing has been charged yet, and it will not be tried again until you confirm it.

Confirm the payment here:
{{confirmUrl}}

Manage your subscription: {{portalUrl}}`,
    htmlBody: null,
  },
  payment_receipt: {
    subject: 'Receipt: {{amount}} for {{planName}}',
    textBody: `Hello {{customerName}},

thank you — we received {{amount}} for your {{planName}} subscription on {{paidAt}}.

The invoice: {{invoiceUrl}}
Manage your subscription: {{portalUrl}}`,
    htmlBody: null,
  },
  trial_ending: {
    subject: 'Your {{planName}} trial ends on {{trialEndsAt}}',
    textBody: `Hello {{customerName}},

your free trial of {{planName}} ends on {{trialEndsAt}}. From then on the subscription costs {{amount}}.

To change plan or cancel before then: {{portalUrl}}`,
    htmlBody: null,
  },
  subscription_canceled: {
    subject: 'Your {{planName}} subscription has ended',
    textBody: `Hello {{customerName}},

your {{planName}} subscription ended on {{canceledAt}}. We are sorry to see you go.

You can subscribe again at any time: {{portalUrl}}`,
    htmlBody: null,
  },
  magic_link: {
    subject: 'Your sign-in link',
    textBody: `Hello,

sign in to manage your subscription with this link:
{{link}}

It works once, for {{expiresInMinutes}} minutes. If you did not ask for it, ignore this e-mail.`,
    htmlBody: null,
  },
  admin_alert: {
    subject: '[Recur] {{title}}',
    textBody: `{{title}}

{{details}}

Have a look: {{adminUrl}}`,
    htmlBody: null,
  },
};
