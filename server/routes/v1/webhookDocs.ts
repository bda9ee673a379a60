import { z } from '@hono/zod-openapi';
import type { V1App } from './app';
import { accessSchema } from './schemas';
import { APP_EVENT_TYPES, type AppEventType } from '../../../shared/webhooks';

/**
 * Recur's outgoing events in the OpenAPI 3.1 document's `webhooks` (spec.openapis.org/oas/v3.1.0#oas-object):
 * what an app's endpoint receives, signed per Standard Webhooks (headers webhook-id,
 * webhook-timestamp, webhook-signature). The shapes follow server/appEvents/diff.ts and applyWatch.ts.
 */
const who = {
  customerId: z.number().int().openapi({ description: "Recur's customer id" }),
  externalId: z.string().nullable().openapi({ description: "the app's own user id, once linked (signup link)" }),
  email: z.string().nullable(),
};

const subscription = z
  .object({
    id: z.number().int(),
    stripeSubscriptionId: z.string(),
    status: z.string().openapi({ description: "Stripe's status: trialing, active, past_due, unpaid, paused, canceled, incomplete, incomplete_expired" }),
    planId: z.number().int().nullable(),
    items: z.array(z.object({ planId: z.number().int().nullable(), quantity: z.number().int() })),
    currency: z.string(),
    recurringAmount: z.number().int().openapi({ description: 'per period, minor units' }),
    interval: z.string(),
    intervalCount: z.number().int(),
    currentPeriodStart: z.string().nullable(),
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    canceledAt: z.string().nullable(),
    trialEnd: z.string().nullable(),
    pauseBehavior: z.string().nullable(),
    pausedUntil: z.string().nullable(),
  })
  .openapi('WebhookSubscription');

const payment = z
  .object({
    id: z.number().int(),
    subscriptionId: z.number().int().nullable(),
    invoiceId: z.number().int().nullable(),
    stripeInvoiceId: z.string(),
    stripePaymentIntentId: z.string().nullable(),
    status: z.enum(['succeeded', 'failed', 'requires_action']),
    amount: z.number().int(),
    currency: z.string(),
    attemptCount: z.number().int(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
    nextRetryAt: z.string().nullable(),
    actionUrl: z.string().nullable().openapi({ description: 'payment.action_required: where the customer confirms the payment' }),
    attemptedAt: z.string().nullable(),
  })
  .openapi('WebhookPayment');

const features = z.record(z.string(), z.union([z.boolean(), z.number()]));

const DATA: Record<AppEventType, z.ZodType> = {
  'customer.linked': z.object({
    ...who,
    stripeCustomerId: z.string(),
    previousCustomerId: z.number().int().optional().openapi({ description: 'the customer deleted in Stripe that held this user id before' }),
  }),
  'subscription.created': z.object({ ...who, subscription }),
  'subscription.updated': z.object({
    ...who,
    subscription,
    previous: z.record(z.string(), z.unknown()).openapi({ description: 'the old values of the fields that changed' }),
  }),
  'subscription.canceled': z.object({ ...who, subscription, previous: z.record(z.string(), z.unknown()) }),
  'payment.succeeded': z.object({ ...who, payment }),
  'payment.failed': z.object({ ...who, payment }),
  'payment.action_required': z.object({ ...who, payment }),
  'access.changed': z.object({
    ...who,
    access: accessSchema.extend({ subscriptionId: z.number().int().nullable() }),
    previous: accessSchema.extend({ subscriptionId: z.number().int().nullable() }),
  }),
  'entitlements.changed': z.object({
    ...who,
    features,
    previous: features.optional().openapi({ description: 'the answer before, when the change came from a subscription' }),
  }),
};

const signatureHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'msg_…: the same on every retry and replay of this event' }),
  'webhook-timestamp': z.string().openapi({ description: 'unix seconds of this attempt' }),
  'webhook-signature': z.string().openapi({ description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret>' }),
});

export function describeWebhooks(app: V1App): void {
  for (const type of APP_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: type,
      request: {
        headers: signatureHeaders,
        body: {
          content: {
            'application/json': {
              schema: z.object({ type: z.literal(type), timestamp: z.string().openapi({ description: 'ISO time the event happened' }), data: DATA[type] }),
            },
          },
        },
      },
      responses: { 200: { description: 'Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days' } },
    });
  }
}
