import { z } from 'zod';
import { ignoringReadOnly } from './strict';

/** Recur's own events, sent to the business's apps (DESIGN §3.2). */
export const APP_EVENT_TYPES = [
  'customer.linked',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'payment.succeeded',
  'payment.failed',
  'payment.action_required',
  'access.changed',
  'entitlements.changed',
] as const;
export type AppEventType = (typeof APP_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'succeeded', 'failed'] as const;

/**
 * Where deliveries go: http or https only (no file:, data: or other schemes the request would
 * make), a host, no credentials in the URL (they would show in the admin and in logs).
 */
const endpointUrl = z
  .string({ message: 'is required' })
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http or https URL without credentials');

const events = z
  .array(z.enum(APP_EVENT_TYPES, { message: `must be one of ${APP_EVENT_TYPES.join(', ')}` }))
  .min(1, 'choose at least one event')
  .max(APP_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, 'lists an event twice');

const description = z.string().trim().max(500, 'must be at most 500 characters').nullable();

export const webhookEndpointCreateSchema = z.strictObject({
  url: endpointUrl,
  events: events.default([...APP_EVENT_TYPES]),
  description: description.default(null),
  active: z.boolean({ message: 'must be true or false' }).default(true),
});
export type WebhookEndpointCreate = z.infer<typeof webhookEndpointCreateSchema>;

/** What GET answers that an edit form sends back: known, ignored (shared/strict.ts). */
export const WEBHOOK_ENDPOINT_READ_ONLY = ['id', 'secretHint', 'failingSince', 'lastSuccessAt', 'disabledAt', 'disabledReason', 'createdAt', 'updatedAt'];

export const webhookEndpointUpdateSchema = ignoringReadOnly(
  WEBHOOK_ENDPOINT_READ_ONLY,
  z.strictObject({
    url: endpointUrl.optional(),
    events: events.optional(),
    description: description.optional(),
    active: z.boolean({ message: 'must be true or false' }).optional(),
  }),
);
export type WebhookEndpointUpdate = z.infer<typeof webhookEndpointUpdateSchema>;
