import { z } from 'zod';

/**
 * The fields each resource's GET answers with that an update cannot change: ids, Stripe ids,
 * timestamps and what Stripe owns. react-admin's Edit (and any client doing GET, change, PUT)
 * sends them back, so an update body may carry them: they are known, and dropped unread.
 * Anything else that is not a field of the update is refused (DESIGN §7: input is strict).
 */
export const READ_ONLY_FIELDS = {
  plans: ['id', 'stripeProductId', 'stripePriceId', 'createdAt', 'updatedAt'],
  coupons: [
    'id',
    'stripeCouponId',
    'percentOff',
    'amountOff',
    'currency',
    'duration',
    'durationInMonths',
    'maxRedemptions',
    'redeemBy',
    'timesRedeemed',
    'valid',
    'lastEventAt',
    'createdAt',
    'updatedAt',
  ],
  'promotion-codes': [
    'id',
    'couponId',
    'stripePromotionCodeId',
    'code',
    'maxRedemptions',
    'expiresAt',
    'timesRedeemed',
    'lastEventAt',
    'createdAt',
    'updatedAt',
  ],
  'signup-forms': ['id', 'createdAt', 'updatedAt'],
  'email-templates': ['id', 'key', 'updatedBy', 'createdAt', 'updatedAt', 'variables'],
  'admin-users': ['id', 'email', 'createdAt', 'updatedAt'],
} as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An update body: `schema` (a strict object, possibly refined) after the read-only fields are
 * taken out. Values of those fields are not looked at: they are the record's own, echoed back.
 */
export function ignoringReadOnly<S extends z.ZodType>(readOnly: readonly string[], schema: S) {
  return z.preprocess((body) => {
    if (!isPlainObject(body)) return body;
    // fromEntries defines own properties: a JSON key `__proto__` stays a key (and is refused as
    // unknown) instead of becoming the copy's prototype, whose fields the schema would then read.
    return Object.fromEntries(Object.entries(body).filter(([key]) => !readOnly.includes(key)));
  }, schema);
}

/** A route whose action takes no input: no body or `{}`; any key is refused, never ignored. */
export const emptyBodySchema = z.strictObject({});
