import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** The "confirm your payment" e-mail (3D Secure), as first written: frozen here. */
const TEMPLATE = {
  key: 'payment_action_required',
  subject: 'Please confirm your payment of {{amount}} for {{planName}}',
  textBody: `Hello {{customerName}},

your bank asks you to confirm the payment of {{amount}} for your {{planName}} subscription.
Nothing has been charged yet, and it will not be tried again until you confirm it.

Confirm the payment here:
{{confirmUrl}}

Manage your subscription: {{portalUrl}}`,
};

export const migration: Migration = {
  name: '012-confirm-payment-template',
  async up(qi: QueryInterface) {
    const now = new Date();
    await qi.bulkInsert('email_templates', [
      { key: TEMPLATE.key, subject: TEMPLATE.subject, text_body: TEMPLATE.textBody, html_body: null, updated_by: null, created_at: now, updated_at: now },
    ]);
  },
  async down(qi: QueryInterface) {
    await qi.bulkDelete('email_templates', { key: TEMPLATE.key });
  },
};
