/**
 * A payment row's status. `requires_action` is its own outcome: the bank asked the customer to
 * authenticate (3D Secure) and nothing was charged or declined yet; only the customer can
 * complete it, on the invoice's hosted page.
 */
export const PAYMENT_STATUSES = ['succeeded', 'failed', 'requires_action', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Money that came in (and may since have been refunded, in part or whole): what revenue sums, net of refunds. */
export const COLLECTED_PAYMENT_STATUSES = ['succeeded', 'partially_refunded', 'refunded'] as const satisfies readonly PaymentStatus[];
