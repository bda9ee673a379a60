import type Stripe from 'stripe';
import type { DeliveryRecord } from '../store';
import type { Job } from './lane';
import { randomToken } from '../ids';

/** One line of the delivery log (GET /_emulator/deliveries): an attempt, or a delivery a fault dropped. */
export function deliveryRecord(
  event: Stripe.Event,
  endpoint: Stripe.WebhookEndpoint,
  job: Pick<Job, 'attempt' | 'duplicate' | 'resend'>,
  outcome: Partial<DeliveryRecord>,
): DeliveryRecord {
  return {
    id: `dlv_${randomToken(16)}`,
    event_id: event.id,
    event_type: event.type,
    endpoint_id: endpoint.id,
    url: endpoint.url,
    attempt: job.attempt,
    status: null,
    error: null,
    at: Math.floor(Date.now() / 1000),
    duration_ms: 0,
    dropped: false,
    duplicate: job.duplicate,
    resend: job.resend,
    delay_ms: 0,
    ...outcome,
  };
}
