import type { TemplateKeyName } from '../types';

/** What each template is for, in words an admin reads in the list. */
export const TEMPLATE_LABELS: Record<TemplateKeyName, string> = {
  payment_failed: 'Payment failed',
  payment_action_required: 'Confirm your payment (3D Secure)',
  payment_receipt: 'Payment receipt',
  trial_ending: 'Trial ending',
  subscription_canceled: 'Subscription canceled',
  magic_link: 'Portal sign-in link',
  admin_alert: 'Admin alert',
};
