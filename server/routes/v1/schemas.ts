import { z } from '@hono/zod-openapi';

/** What every refusal answers: a message, and per-field messages where a field was at fault. */
export const errorSchema = z.object({ message: z.string(), errors: z.record(z.string(), z.string()).optional() }).openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

/** The refusals any keyed route may answer; each route adds its own (404, 409). */
export const commonErrors = {
  400: errorResponse('The request is malformed: the message and `errors` name the field'),
  401: errorResponse('No API key, or an unknown or revoked one'),
  403: errorResponse('The API key lacks the scope this route needs'),
} as const;

export const notFound = { 404: errorResponse('Nothing with that id or e-mail') } as const;
export const conflict = (description: string) => ({ 409: errorResponse(description) }) as const;

/** The access policy's answer (server/billing/access.ts): grace periods and pauses applied. */
export const accessSchema = z
  .object({
    entitled: z.boolean().openapi({ description: 'may the user use the product now' }),
    reason: z.string().openapi({ description: 'why: active, trialing, grace, paused, canceled, none, ...' }),
    graceUntil: z.string().nullable().openapi({ description: 'ISO time the grace period ends, when in one' }),
  })
  .openapi('Access');

export const subscriptionAnswerSchema = z
  .object({
    email: z.string(),
    plan: z.object({ id: z.number().int(), name: z.string(), tier: z.string() }).nullable(),
    status: z.string().nullable().openapi({ description: "Stripe's subscription status, or null without a subscription" }),
    access: accessSchema,
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
  })
  .openapi('SubscriptionAnswer');
