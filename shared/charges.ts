import { z } from 'zod';

export const CHARGE_WHEN = ['now', 'next_invoice'] as const;

/**
 * POST /api/customers/:id/charges: a one-time charge in minor units. `next_invoice` adds an invoice
 * item the customer's next invoice picks up; `now` invoices it at once and charges the card on file.
 * `requestId` is made by the client once per charge it means (the admin's dialog: once per opening),
 * so a double submit reaches Stripe with the same idempotency keys and charges once.
 */
export const chargeSchema = z.strictObject({
  amount: z
    .number({ message: 'must be a number' })
    .int('must be whole minor units')
    .positive('must be more than zero')
    .max(99_999_999, 'must be at most 99,999,999 minor units'),
  currency: z
    .string({ message: 'must be a currency code' })
    .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter currency code')
    .transform((code) => code.toLowerCase()),
  description: z.string({ message: 'must be text' }).trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
  when: z.enum(CHARGE_WHEN, { message: 'must be now or next_invoice' }),
  requestId: z.string({ message: 'must be text' }).regex(/^[\w-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _'),
});
export type ChargeRequest = z.output<typeof chargeSchema>;

/** What the charge became in Stripe. */
export interface ChargeResult {
  when: (typeof CHARGE_WHEN)[number];
  amount: number;
  currency: string;
  description: string;
  stripeInvoiceItemId: string;
  /** `now`: the invoice made for it; `next_invoice`: null until the next invoice takes the item */
  stripeInvoiceId: string | null;
  invoiceId: number | null;
  /** `pending` (waiting for the next invoice), `paid`, or the invoice's status after a failed attempt */
  status: string;
}
