import type Stripe from 'stripe';
import type { EventOrigin } from '../../events/bus';
import type { Runtime } from '../../runtime';
import { newId, randomToken } from '../../ids';
import { previousAttributes } from '../../diff';

/** A customer's own fields, as the API's create takes them and Checkout fills them in. */
export interface CustomerInput {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string> | null;
  testClock?: string | null;
  balance?: number;
}

export function createCustomer(rt: Runtime, input: CustomerInput, origin: EventOrigin): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: input.balance ?? 0,
    created: rt.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: randomToken(8)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X'),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: input.testClock ?? null,
  };
  rt.store.customers.insert(customer);
  rt.bus.publish({ type: 'customer.created', data: { object: customer } }, origin);
  return customer;
}

/** Replaces the stored customer and announces exactly the fields that changed. */
export function updateCustomer(rt: Runtime, current: Stripe.Customer, next: Stripe.Customer, origin: EventOrigin): Stripe.Customer {
  const previous = previousAttributes(current, next);
  rt.store.customers.replace(next);
  if (previous) rt.bus.publish({ type: 'customer.updated', data: { object: next, previous_attributes: previous } }, origin);
  return next;
}
