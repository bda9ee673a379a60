import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { SessionInput } from './session-params';
import { newId, randomToken } from '../ids';
import { couponAmount } from '../billing/invoices/discounting';

const DAY = 24 * 3600;

const NO_INVOICE_DATA: Stripe.Checkout.Session.InvoiceCreation.InvoiceData = {
  account_tax_ids: null,
  custom_fields: null,
  description: null,
  footer: null,
  issuer: null,
  metadata: {},
  rendering_options: null,
};

function lineItem(line: SessionInput['lines'][number], description: string | null): Stripe.LineItem {
  const amount = (line.price.unit_amount ?? 0) * line.quantity;
  return {
    id: newId('li'),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: line.price.currency,
    description,
    metadata: {},
    price: line.price,
    quantity: line.quantity,
  };
}

/** What a session charges today; a subscription's trial makes its first invoice $0. */
function amounts(input: SessionInput, lineItems: Stripe.LineItem[]): { due: number; off: number } {
  const trial = input.subscriptionData.trialPeriodDays !== null;
  const due = trial ? 0 : lineItems.reduce((sum, li) => sum + li.amount_subtotal, 0);
  const ref = input.coupons[0];
  const off = ref
    ? couponAmount(
        ref.coupon,
        lineItems.map((li) => (trial ? 0 : li.amount_subtotal)),
        lineItems[0].currency,
      )
    : 0;
  return { due, off };
}

export function buildSession(
  rt: Runtime,
  input: SessionInput,
  baseUrl: string,
): {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
} {
  const now = rt.clock.now();
  const id = `cs_test_${randomToken(58)}`;
  const lineItems = input.lines.map((l) => {
    const productId = typeof l.price.product === 'string' ? l.price.product : l.price.product.id;
    return lineItem(l, rt.store.products.get(productId)?.name ?? null);
  });
  const money = input.mode === 'setup' ? null : amounts(input, lineItems);
  const ref = input.coupons[0];
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allowPromotionCodes ? true : null,
    allowed_payment_method_types: null,
    amount_subtotal: money?.due ?? null,
    amount_total: money ? money.due - money.off : null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: lineItems[0]?.currency ?? input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer?.id ?? null,
    customer_account: null,
    // Setup mode saves a card on the given customer; without one it makes none (Stripe's if_required).
    // Payment mode takes the caller's choice; subscriptions always need a customer.
    customer_creation: input.customer ? null : input.mode === 'setup' ? 'if_required' : (input.customerCreation ?? 'always'),
    customer_details:
      input.customer || input.customerEmail
        ? {
            address: null,
            business_name: null,
            email: input.customer?.email ?? input.customerEmail,
            individual_name: null,
            name: null,
            phone: null,
            tax_exempt: 'none',
            tax_ids: null,
          }
        : null,
    customer_email: input.customerEmail,
    discounts: ref ? [{ coupon: ref.promotionCode ? null : ref.coupon.id, promotion_code: ref.promotionCode?.id ?? null }] : [],
    expires_at: input.expiresAt ?? now + DAY,
    integration_identifier: null,
    invoice: null,
    // Payment mode can also issue an invoice for the payment; the emulator's sessions never do.
    invoice_creation: input.mode === 'payment' ? { enabled: false, invoice_data: NO_INVOICE_DATA } : null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === 'setup' ? null : 'always',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: input.mode === 'setup' ? 'no_payment_required' : 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: money ? { amount_discount: money.off, amount_shipping: 0, amount_tax: 0 } : null,
    ui_mode: 'hosted_page',
    url: `${baseUrl}/c/pay/${id}`,
    wallet_options: null,
  };
  return { session, lineItems };
}
