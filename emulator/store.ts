import type Stripe from 'stripe';
import { Collection } from './collection';
import { BillingState } from './billing/state';

/** The saved first answer to an Idempotency-Key (requests still executing are tracked by the middleware, not here). */
export interface IdempotencyRecord {
  /** The endpoint the key was first used on: reusing it on another is its own idempotency_error. */
  path: string;
  /** Canonical params: a replay must send the same ones. */
  params: string;
  status: number;
  body: string;
  /** When the first request began executing, by the emulator's base clock: the key lapses 24 hours later. */
  created: number;
}

/** What a subscription-mode session will put on the subscription it creates. */
export interface CheckoutSubscriptionData {
  metadata: Record<string, string>;
  trialPeriodDays: number | null;
  description: string | null;
}

/** What a setup-mode session will put on the SetupIntent it creates. */
export interface CheckoutSetupData {
  metadata: Record<string, string>;
  description: string | null;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
  duration_ms: number;
  /** Fault injection: never attempted (the event is still stored and listed). */
  dropped: boolean;
  /** Fault injection: the extra copy of a delivery Stripe sometimes sends twice. */
  duplicate: boolean;
  /** Sent again through POST /_emulator/events/:id/resend. */
  resend: boolean;
  /** Fault injection: how long the attempt was held back before it was sent. */
  delay_ms: number;
}

/**
 * All emulator state, in memory. Objects are stored in their Stripe shape; data the API does not
 * return inline (checkout line items, webhook secrets, card numbers' fingerprints) lives beside them.
 */
export class Store {
  readonly customers = new Collection<Stripe.Customer>();
  readonly deletedCustomers = new Set<string>();
  readonly products = new Collection<Stripe.Product>();
  readonly prices = new Collection<Stripe.Price>();
  readonly webhookEndpoints = new Collection<Stripe.WebhookEndpoint>();
  readonly webhookSecrets = new Map<string, string>();
  readonly checkoutSessions = new Collection<Stripe.Checkout.Session>();
  readonly checkoutLineItems = new Map<string, Stripe.LineItem[]>();
  readonly checkoutSubscriptionData = new Map<string, CheckoutSubscriptionData>();
  readonly checkoutSetupData = new Map<string, CheckoutSetupData>();
  readonly subscriptions = new Collection<Stripe.Subscription>();
  readonly subscriptionSchedules = new Collection<Stripe.SubscriptionSchedule>();
  readonly invoices = new Collection<Stripe.Invoice>();
  readonly invoicePayments = new Collection<Stripe.InvoicePayment>();
  readonly paymentIntents = new Collection<Stripe.PaymentIntent>();
  readonly charges = new Collection<Stripe.Charge>();
  readonly paymentMethods = new Collection<Stripe.PaymentMethod>();
  readonly events = new Collection<Stripe.Event>();
  /** event id → when the emulator stored it, by its base clock (what retention counts from). */
  readonly eventStoredAt = new Map<string, number>();
  /** Plans deleted through /v1/plans: gone as plans, while the price of the same id stays for existing subscriptions. */
  readonly deletedPlans = new Set<string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly deliveries: DeliveryRecord[] = [];
  // Billing side: discounts and invoice items have no `created`, so they live in plain maps (insertion order).
  readonly testClocks = new Collection<Stripe.TestHelpers.TestClock>();
  readonly coupons = new Collection<Stripe.Coupon>();
  readonly promotionCodes = new Collection<Stripe.PromotionCode>();
  readonly discounts = new Map<string, Stripe.Discount>();
  /** Legacy card sources (`source: tok_visa`); each has a PaymentMethod twin of the same `card_` id, as Stripe lets cards be used as payment methods. */
  readonly cards = new Map<string, Stripe.Card>();
  readonly invoiceItems = new Map<string, Stripe.InvoiceItem>();
  readonly refunds = new Collection<Stripe.Refund>();
  readonly setupIntents = new Collection<Stripe.SetupIntent>();
  readonly billing = new BillingState();

  reset(): void {
    for (const c of [
      this.customers,
      this.products,
      this.prices,
      this.webhookEndpoints,
      this.checkoutSessions,
      this.subscriptions,
      this.subscriptionSchedules,
      this.invoices,
      this.invoicePayments,
      this.paymentIntents,
      this.charges,
      this.paymentMethods,
      this.events,
    ])
      c.clear();
    this.deletedCustomers.clear();
    this.eventStoredAt.clear();
    this.webhookSecrets.clear();
    this.checkoutLineItems.clear();
    this.checkoutSubscriptionData.clear();
    this.checkoutSetupData.clear();
    this.idempotency.clear();
    this.deliveries.length = 0;
    this.deletedPlans.clear();
    for (const c of [this.testClocks, this.coupons, this.promotionCodes, this.refunds, this.setupIntents]) c.clear();
    this.discounts.clear();
    this.cards.clear();
    this.invoiceItems.clear();
    this.billing.reset();
  }
}
