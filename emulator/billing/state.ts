import type Stripe from 'stripe';
import type { CardBehaviour } from './payments/cards/behaviour';

export type AfterRetries = 'cancel' | 'unpaid' | 'past_due';

/** Smart-retry stand-in: days after the first failed attempt at which to try again, and what follows the last. */
export interface BillingSettings {
  retrySchedule: number[];
  afterRetries: AfterRetries;
}

/** What a pending update will do to the subscription: the invoice that must be paid, and the state it then takes. */
export interface PendingChange {
  invoice: string;
  items: Stripe.SubscriptionItem[];
  billingCycleAnchor: number;
  cancelAt: number | null;
}

export interface CheckoutAuthentication {
  paymentMethod: string;
  email: string;
  name: string;
  coupon: string | null;
  promotionCode: string | null;
}

/** A payment-mode Checkout Session's `payment_intent_data`: what the PaymentIntent it makes on payment carries. */
export interface CheckoutPaymentData {
  description: string | null;
  metadata: Record<string, string>;
  shipping: Stripe.PaymentIntent.Shipping | null;
  setupFutureUsage: 'on_session' | 'off_session' | null;
  /** null: the PaymentIntent's own default. */
  captureMethod: 'automatic' | 'automatic_async' | 'manual' | null;
  receiptEmail: string | null;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = { retrySchedule: [1, 3, 7], afterRetries: 'cancel' };

/**
 * Engine bookkeeping that no Stripe object shows: how each card behaves, when an invoice first
 * failed, which trial ends were already announced, and the invoice items still waiting for an invoice.
 */
export class BillingState {
  readonly cardBehaviours = new Map<string, CardBehaviour>();
  /** invoice id → when its first automatic attempt failed and how many scheduled retries have run. */
  readonly dunning = new Map<string, { firstFailureAt: number; retries: number }>();
  /** invoice id → its InvoicePayment, so retries reuse the invoice's PaymentIntent as Stripe does. */
  readonly invoicePaymentOf = new Map<string, string>();
  /** payment intent id → the invoice it pays, so a PaymentIntent confirmed by the customer settles its invoice. */
  readonly invoiceOfPaymentIntent = new Map<string, string>();
  /** Payment methods authenticated while being saved for off-session use (3D Secure test cards read this). */
  readonly offSessionReady = new Set<string>();
  /** Card PaymentMethods charged without a customer: Stripe refuses to use them again. */
  readonly spentPaymentMethods = new Set<string>();
  /** PaymentIntents (confirmation_method manual) whose cardholder has authenticated, awaiting the server's confirm: intent id → payment method. */
  readonly authenticatedIntents = new Map<string, string>();
  /** subscription id → the change a pending_if_incomplete update applies once its invoice is paid. */
  readonly pendingUpdates = new Map<string, PendingChange>();
  /** checkout session id → the card typed on the page while the cardholder authenticates it. */
  readonly checkoutAuthentications = new Map<string, CheckoutAuthentication>();
  readonly trialNoticeSent = new Map<string, number>();
  /** subscription id → the period end its invoice.upcoming was sent for. */
  readonly upcomingNoticeSent = new Map<string, number>();
  /** customer id → ids of invoice items not yet on an invoice, oldest first. */
  readonly pendingItems = new Map<string, string[]>();
  /** Deleted coupons, which discounts made from them still apply. */
  readonly deletedCoupons = new Map<string, Stripe.Coupon>();
  /** checkout session id → the coupon or promotion code its payer will get (from `discounts` or a typed code). */
  readonly checkoutDiscounts = new Map<string, { coupon: string; promotionCode: string | null }>();
  /** payment-mode checkout session id → its payment_intent_data. */
  readonly checkoutPaymentData = new Map<string, CheckoutPaymentData>();
  settings: BillingSettings = { ...DEFAULT_BILLING_SETTINGS, retrySchedule: [...DEFAULT_BILLING_SETTINGS.retrySchedule] };

  reset(): void {
    this.cardBehaviours.clear();
    this.dunning.clear();
    this.invoicePaymentOf.clear();
    this.invoiceOfPaymentIntent.clear();
    this.offSessionReady.clear();
    this.spentPaymentMethods.clear();
    this.authenticatedIntents.clear();
    this.pendingUpdates.clear();
    this.checkoutAuthentications.clear();
    this.trialNoticeSent.clear();
    this.upcomingNoticeSent.clear();
    this.pendingItems.clear();
    this.deletedCoupons.clear();
    this.checkoutDiscounts.clear();
    this.checkoutPaymentData.clear();
    this.settings = { ...DEFAULT_BILLING_SETTINGS, retrySchedule: [...DEFAULT_BILLING_SETTINGS.retrySchedule] };
  }
}
