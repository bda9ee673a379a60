import { z } from 'zod';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'rk_recur_';

/** `read`: questions about users, subscriptions and entitlements; `write`: signup links and portal sessions. */
export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeyCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  // Least privilege by default: a key that only asks questions cannot open anyone's portal.
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'choose at least one scope')
    .max(API_KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'lists a scope twice')
    .default(['read']),
});
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;
