import type { Hono } from 'hono';
import type { EmulatorEnv } from './http/env';
import type { Runtime } from './runtime';
import { testClockRoutes } from './resources/test-clocks';
import { invoiceItemRoutes } from './resources/invoice-items';
import { couponRoutes } from './resources/coupons';
import { promotionCodeRoutes } from './resources/promotion-codes';
import { refundRoutes } from './resources/refunds';
import { subscriptionItemRoutes } from './resources/subscription-items';
import { chargeWriteRoutes } from './resources/charge-writes';

/** The billing side's /v1 resources, mounted by app.ts in one line so the two sides stay apart. */
export function mountBillingRoutes(v1: Hono<EmulatorEnv>, rt: Runtime): void {
  v1.route('/test_helpers/test_clocks', testClockRoutes(rt));
  v1.route('/invoiceitems', invoiceItemRoutes(rt));
  v1.route('/coupons', couponRoutes(rt));
  v1.route('/promotion_codes', promotionCodeRoutes(rt));
  v1.route('/refunds', refundRoutes(rt));
  v1.route('/subscription_items', subscriptionItemRoutes(rt));
  // The Charges API's writes; app.ts mounts its reads at the same path.
  v1.route('/charges', chargeWriteRoutes(rt));
}
