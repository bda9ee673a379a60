import { z } from '@hono/zod-openapi';
import { EXTERNAL_ID_MESSAGE, EXTERNAL_ID_PATTERN } from '../../linkedAccounts/externalId';
import { MAX_ID } from '../../http/validate';

/** The business's own user id (customers' `externalId`). */
export const externalIdSchema = z
  .string()
  .regex(EXTERNAL_ID_PATTERN, EXTERNAL_ID_MESSAGE)
  .openapi({ description: "Your app's own id for the user", example: 'user_42' });

const emailSchema = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address'));

/**
 * Where the portal's "Back to" link goes. http(s) only: a `javascript:` or `data:` URL in a link
 * would run in the portal's origin. No user:password@ part, which only serves to disguise a host.
 * Not an allow-list: only a key with the `write` scope sets it, and the portal shows it as a link
 * the person chooses to follow, never as an automatic redirect.
 */
export const returnUrlSchema = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without a user name or password')
  .openapi({ description: 'Where the portal\'s "Back to" link sends the user', example: 'https://app.example.com/account' });

export const signupLinkBody = z
  .strictObject({
    externalId: externalIdSchema,
    email: emailSchema.optional().openapi({ description: 'Prefilled; the user may change it', example: 'ada@example.com' }),
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional()
      .openapi({ description: 'Prefilled', example: 'Ada Lovelace' }),
    planId: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be a plan id')
      .max(MAX_ID, 'must be a plan id')
      .optional()
      .openapi({ description: 'Preselected: an active base plan the form offers' }),
    form: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'must be a signup form slug')
      .optional()
      .openapi({ description: "The signup form's slug (default: `default`)", example: 'default' }),
  })
  .openapi('SignupLinkRequest');

export const portalSessionBody = z
  .strictObject({
    externalId: externalIdSchema.optional(),
    email: emailSchema.optional().openapi({ description: 'Instead of externalId: the customer with this e-mail', example: 'ada@example.com' }),
    returnUrl: returnUrlSchema.optional(),
  })
  .superRefine((body, ctx) => {
    // Exactly one way to name the customer, so a call never means two different people.
    if ((body.externalId === undefined) === (body.email === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'give either externalId or email, not both or neither' });
    }
  })
  .openapi('PortalSessionRequest', { description: 'Either `externalId` or `email`, and optionally `returnUrl`' });

export const linkAnswerSchema = z
  .object({
    url: z.string().openapi({ description: 'Send the user here', example: 'https://billing.example.com/signup/default?link=…' }),
    expiresAt: z.string().openapi({ description: 'ISO time after which the URL no longer works' }),
  })
  .openapi('LinkAnswer');
