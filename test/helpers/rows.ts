import { randomBytes } from 'node:crypto';
import type { CreationAttributes } from 'sequelize';
import { Customer, Payment, Subscription } from '../../server/db/models';
import type { Plan } from '../../server/db/models';
import type { Database } from '../../server/db/sequelize';

/**
 * Rows written straight into Recur's database, for tests about what Recur does with rows it already
 * holds (lists, totals, the dashboard, e-mails) where signing up through Checkout would only cost
 * time. Each factory fills every required column with a plausible value and takes the rest as
 * given; Stripe ids are unique per run, so rows never collide with ones the emulator made.
 * Anything about how rows get there (webhooks, Checkout, a sync) is tested through the real path.
 */

const runTag = randomBytes(3).toString('hex');
let sequence = 0;
/** `prefix_<run>_<n>`: a Stripe-shaped id no other row of this run has. */
export const uniqueStripeId = (prefix: string) => `${prefix}_${runTag}_${++sequence}`;

const DAY_MS = 86_400_000;
/** Midnight-free offsets from now: `daysAgo(-29)` is 29 days ahead. */
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

export function makeCustomer(db: Database, fields: Partial<CreationAttributes<Customer>> = {}): Promise<Customer> {
  const n = ++sequence;
  return db.write((transaction) =>
    Customer.create(
      { email: `customer${n}.${runTag}@rows.test`, name: `Customer ${n}`, stripeCustomerId: uniqueStripeId('cus'), currency: 'usd', ...fields },
      { transaction },
    ),
  );
}

/** A subscription to `plan` (its price, amount and interval), active for a month from yesterday. */
export function makeSubscription(db: Database, customer: Customer, plan: Plan, fields: Partial<CreationAttributes<Subscription>> = {}): Promise<Subscription> {
  const unitAmount = fields.unitAmount ?? plan.amount;
  return db.write((transaction) =>
    Subscription.create(
      {
        customerId: customer.id,
        planId: plan.id,
        stripeSubscriptionId: uniqueStripeId('sub'),
        stripePriceId: plan.stripePriceId,
        status: 'active',
        quantity: 1,
        unitAmount,
        recurringAmount: unitAmount,
        currency: plan.currency,
        interval: plan.interval,
        intervalCount: plan.intervalCount,
        currentPeriodStart: daysAgo(1),
        currentPeriodEnd: daysAgo(-29),
        cancelAtPeriodEnd: false,
        canceledAt: null,
        trialEnd: null,
        pauseBehavior: null,
        pausedUntil: null,
        cancellationFeedback: null,
        cancellationComment: null,
        lastEventAt: 0,
        ...fields,
      },
      { transaction },
    ),
  );
}

/** A payment attempt on an invoice of its own; a failed one gets Stripe's `card_declined`. */
export function makePayment(db: Database, customer: Customer, fields: Partial<CreationAttributes<Payment>> = {}): Promise<Payment> {
  const status = fields.status ?? 'succeeded';
  return db.write((transaction) =>
    Payment.create(
      {
        customerId: customer.id,
        subscriptionId: null,
        invoiceId: null,
        stripeInvoiceId: uniqueStripeId('in'),
        stripePaymentIntentId: uniqueStripeId('pi'),
        stripeChargeId: status === 'failed' ? null : uniqueStripeId('ch'),
        amount: 1900,
        currency: customer.currency ?? 'usd',
        status,
        failureCode: status === 'failed' ? 'card_declined' : null,
        failureMessage: status === 'failed' ? 'Your card was declined.' : null,
        attemptCount: 1,
        nextRetryAt: null,
        billingReason: 'subscription_cycle',
        attemptedAt: new Date(),
        ...fields,
      },
      { transaction },
    ),
  );
}
