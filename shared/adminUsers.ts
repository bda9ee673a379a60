import { z } from 'zod';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';

export const ROLES = ['owner', 'admin', 'viewer'] as const;
export type AdminRole = (typeof ROLES)[number];

/** OWASP's minimum for a password that is the only factor. */
export const MIN_PASSWORD_LENGTH = 12;

const password = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(256, 'must be at most 256 characters');
const name = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const adminUserCreateSchema = z.strictObject({
  email: z
    .email({ message: 'must be an e-mail address' })
    .max(254)
    .transform((email) => email.toLowerCase()),
  name,
  role,
  password,
});
export type AdminUserCreate = z.infer<typeof adminUserCreateSchema>;

// react-admin's Edit sends the whole record back (id, email, createdAt...): those keys are
// ignored rather than refused, but the e-mail, being the sign-in name, never changes here.
// Any other key is refused. An empty password field means "keep the current one".
export const adminUserUpdateSchema = ignoringReadOnly(
  READ_ONLY_FIELDS['admin-users'],
  z.strictObject({
    name,
    role,
    password: z
      .union([z.literal(''), z.null(), password])
      .optional()
      .transform((value) => value || undefined),
  }),
);
export type AdminUserUpdate = z.infer<typeof adminUserUpdateSchema>;
