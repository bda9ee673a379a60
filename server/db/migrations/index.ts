import type { Migration } from './types';
import { migration as initialSchema } from './001-initial-schema';
import { migration as eventRetries } from './002-event-retries-and-invoice-payments';
import { migration as paymentsList } from './003-payments-list';
import { migration as couponsAndDiscounts } from './004-coupons-and-discounts';
import { migration as apiKeys } from './005-api-keys';
import { migration as signupForms } from './006-signup-forms';
import { migration as notifications } from './007-notifications';
import { migration as portal } from './008-portal';
import { migration as loginAttempts } from './009-login-attempts';
import { migration as paymentsPerCharge } from './010-payments-per-charge';
import { migration as paymentActionRequired } from './011-payment-action-required';
import { migration as confirmPaymentTemplate } from './012-confirm-payment-template';
import { migration as deletedCustomers } from './013-deleted-customers';
import { migration as pendingSignups } from './014-pending-signups';
import { migration as rateLimits } from './015-rate-limits';
import { migration as signInLinkRedaction } from './016-sign-in-link-redaction';
import { migration as addonsAndSeats } from './017-addons-and-seats';
import { migration as pauseAndCancellationReasons } from './018-pause-and-cancellation-reasons';
import { migration as signupFormAddonsAndSeats } from './019-signup-form-addons-and-seats';
import { migration as apiKeyScopes } from './020-api-key-scopes';
import { migration as appWebhooks } from './021-app-webhooks';
import { migration as linkedAccounts } from './022-linked-accounts';
import { migration as features } from './023-features';
import { migration as appState } from './027-app-state';
import { migration as listPages } from './028-list-pages';
import { migration as genericLists } from './029-generic-lists';
import { migration as listAnchors } from './030-list-anchors';
import { migration as duplicatePaymentIndex } from './031-drop-duplicate-payment-index';
import { migration as counterShards } from './032-counter-shards';
import { migration as eventsTypeReceivedAt } from './033-events-type-received-at';

/** In order. Listed explicitly so the bundle-free runtime (tsx) needs no file globbing. */
export const migrations: Migration[] = [
  initialSchema,
  eventRetries,
  paymentsList,
  couponsAndDiscounts,
  apiKeys,
  signupForms,
  notifications,
  portal,
  loginAttempts,
  paymentsPerCharge,
  paymentActionRequired,
  confirmPaymentTemplate,
  deletedCustomers,
  pendingSignups,
  rateLimits,
  signInLinkRedaction,
  addonsAndSeats,
  pauseAndCancellationReasons,
  signupFormAddonsAndSeats,
  apiKeyScopes,
  appWebhooks,
  linkedAccounts,
  features,
  appState,
  listPages,
  genericLists,
  listAnchors,
  duplicatePaymentIndex,
  counterShards,
  eventsTypeReceivedAt,
];
