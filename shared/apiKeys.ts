import { z } from 'zod';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'rk_recur_';

export const apiKeyCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
});
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;
