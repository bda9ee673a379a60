import type Stripe from 'stripe';

export function endpointWants(endpoint: Stripe.WebhookEndpoint, eventType: string): boolean {
  if (endpoint.status !== 'enabled') return false;
  return endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(eventType);
}
