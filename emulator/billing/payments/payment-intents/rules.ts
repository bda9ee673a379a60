import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import { badRequest } from '../../../http/errors';
import { idOf } from '../../../refs';

/** What a confirmation asks for, read from create (confirm=true) or /confirm. */
export interface ConfirmRequest {
  offSession: boolean;
  returnUrl: string | null;
  errorOnRequiresAction: boolean;
}

/**
 * Since 2023-08-16, a PaymentIntent without payment_method_types has automatic payment methods
 * that may redirect; confirming one needs a return_url unless off_session, and cannot use
 * error_on_requires_action (docs.stripe.com/changelog/2023-08-16/automatic-payment-methods).
 */
export function checkConfirmRequest(pi: Stripe.PaymentIntent, req: ConfirmRequest): void {
  const apm = pi.automatic_payment_methods;
  if (!apm?.enabled) return;
  if (req.errorOnRequiresAction) {
    throw badRequest(
      'error_on_requires_action cannot be used with automatic_payment_methods. Use payment_method_types to accept only the payment method types that do not require redirects.',
      'error_on_requires_action',
    );
  }
  if (apm.allow_redirects !== 'never' && req.returnUrl === null && !req.offSession) {
    throw badRequest(
      'This PaymentIntent is configured to accept payment methods enabled in your Dashboard, because automatic_payment_methods is enabled. Some of these payment methods may redirect your customer off of your page and you must provide a `return_url`. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
      'return_url',
    );
  }
}

/** Options that only make sense on a confirmation are refused on a create that does not confirm. */
export function checkOnlyWithConfirm(confirm: boolean, given: Record<string, boolean>): void {
  if (confirm) return;
  for (const [param, present] of Object.entries(given)) {
    if (present) throw badRequest(`You can only pass in \`${param}\` when \`confirm\` is set to \`true\`.`, param);
  }
}

/**
 * A saved card is paid with for its own customer only; a card used once without a customer
 * cannot be used again (Stripe: "…may not be used again. To use a PaymentMethod multiple
 * times, you must attach it to a Customer first").
 */
export function checkPaymentMethodOwner(rt: Runtime, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): void {
  const owner = pm.customer === null ? null : idOf(pm.customer);
  const customer = idOf(pi.customer);
  if (owner !== null && owner !== customer) {
    throw badRequest(
      customer === null
        ? `The provided PaymentMethod belongs to a Customer (${owner}). Please include the Customer in the \`customer\` parameter on the PaymentIntent.`
        : `The provided PaymentMethod belongs to a different Customer (${owner}) than the PaymentIntent's (${customer}).`,
      'payment_method',
    );
  }
  if (owner === null && rt.store.billing.spentPaymentMethods.has(pm.id)) {
    throw badRequest(
      'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
      'payment_method',
    );
  }
}
