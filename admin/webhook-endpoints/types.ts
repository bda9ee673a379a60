import type { AppEventType } from '../../shared/webhooks';

/** GET /api/webhook-endpoints/:id (server/billing/webhookEndpoints.ts presentEndpoint); `secret` only in create and rotate answers. */
export interface WebhookEndpoint {
  id: number | string;
  url: string;
  description: string | null;
  events: AppEventType[];
  active: boolean;
  secretHint: string;
  failingSince: string | null;
  lastSuccessAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
  secret?: string;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

/** GET /api/webhook-deliveries/:id (server/billing/webhookDeliveries.ts presentDelivery); `payload` on show only. */
export interface WebhookDelivery {
  id: number | string;
  endpointId: number;
  eventId: string;
  eventType: AppEventType;
  status: 'pending' | 'sending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  lastError: string | null;
  attemptLog: DeliveryAttempt[];
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  replays: number;
  createdAt: string;
  payload?: { type: string; timestamp: string; data: unknown } | null;
}

export const DELIVERY_STATUS_COLORS = { pending: 'info', sending: 'info', succeeded: 'success', failed: 'error' } as const;
