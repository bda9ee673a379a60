import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';

// English is the only language today; resource names and the menu come from here, so a second
// language is one more messages object rather than a hunt through the components.
const messages = {
  ...englishMessages,
  resources: {
    plans: { name: 'Plan |||| Plans' },
    coupons: { name: 'Coupon |||| Coupons' },
    'promotion-codes': { name: 'Promotion code |||| Promotion codes' },
    customers: { name: 'Customer |||| Customers' },
    subscriptions: { name: 'Subscription |||| Subscriptions' },
    payments: { name: 'Payment |||| Payments' },
    invoices: { name: 'Invoice |||| Invoices' },
    events: { name: 'Webhook event |||| Webhook events' },
    'admin-users': { name: 'Admin user |||| Admin users' },
    'api-keys': { name: 'API key |||| API keys' },
    'audit-logs': { name: 'Audit log entry |||| Audit log' },
    'email-templates': { name: 'E-mail template |||| E-mail templates' },
    notifications: { name: 'Notification |||| Notifications (outbox)' },
    'webhook-endpoints': { name: 'Outgoing webhook endpoint |||| Outgoing webhooks' },
    'webhook-deliveries': { name: 'Webhook delivery |||| Webhook deliveries' },
  },
  recur: {
    menu: { settings: 'Settings', dashboard: 'Dashboard' },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], { allowMissing: true });
