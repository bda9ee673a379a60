import { Plan, type SignupForm, SignupLink } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError } from '../errors';
import { audit, type AuditActor } from '../billing/audit';
import { loadSignupForm } from '../billing/signupFormView';
import { digest, newToken } from '../portal/digest';
import { DEFAULT_FORM_SLUG } from '../../shared/signupForms';

/**
 * As long as a Checkout Session may live (24 hours, docs.stripe.com/api/checkout/sessions/create
 * `expires_at`): an app may e-mail the link, and the person may come back to it the same day.
 */
export const SIGNUP_LINK_TTL_MS = 24 * 3_600_000;

export interface SignupLinkRequest {
  externalId: string;
  email?: string;
  name?: string;
  planId?: number;
  form?: string;
}

/**
 * Makes a link to a signup form, prefilled for one of the app's users. The link carries a random
 * token whose sha256 alone is stored (as the portal's sign-in links): unguessable, changes nothing
 * when tampered with (it then names no row), revocable, and no secret to share between instances.
 * What the form and plan are is checked now, so the app learns of a mistake from this answer rather
 * than its user from a broken page; they are checked again when the form is submitted.
 */
export async function createSignupLink(db: Database, baseUrl: string, input: SignupLinkRequest, actor: AuditActor): Promise<{ url: string; expiresAt: Date }> {
  const slug = input.form ?? DEFAULT_FORM_SLUG;
  const view = await loadSignupForm(slug);
  if (!view) throw new BadRequestError(`No active signup form has the slug ${slug}`, { form: 'is not an active signup form' });
  if (input.planId !== undefined && !view.plans.some((plan) => plan.id === input.planId)) {
    throw new BadRequestError(`Plan ${input.planId} cannot be chosen on the form ${slug}`, { planId: await planProblem(input.planId) });
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + SIGNUP_LINK_TTL_MS);
  await db.write(async (transaction) => {
    const link = await SignupLink.create(
      {
        tokenHash: digest(token),
        externalId: input.externalId,
        email: input.email?.toLowerCase() ?? null,
        name: input.name ?? null,
        planId: input.planId ?? null,
        formId: view.form.id,
        expiresAt,
      },
      { transaction },
    );
    await audit(
      actor,
      { action: 'signup_link.create', entityType: 'signup_link', entityId: link.id, details: { externalId: input.externalId, form: slug } },
      transaction,
    );
  });
  // Appended, not resolved: a PUBLIC_URL with a path (https://example.com/billing) keeps it.
  return { url: `${baseUrl}/signup/${slug}?link=${encodeURIComponent(token)}`, expiresAt };
}

/** Why a plan is not on offer, in the words the app needs to fix its call. */
async function planProblem(planId: number): Promise<string> {
  const plan = await Plan.findByPk(planId);
  if (!plan) return 'is not a plan';
  if (plan.kind !== 'base') return 'is an add-on, which is sold beside a plan, never alone';
  if (!plan.active) return 'is archived';
  return 'is not offered on this signup form';
}

export type SignupLinkState = { ok: true; link: SignupLink } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The link a page was opened or posted with, for the form at `slug`. A token of another form is
 * as invalid as a made-up one: the link names its form, and is not a pass to the others.
 */
export async function signupLinkState(token: string, form: SignupForm): Promise<SignupLinkState> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
  const link = await SignupLink.findOne({ where: { tokenHash: digest(token) } });
  if (!link || link.formId !== form.id) return { ok: false, reason: 'invalid' };
  if (link.usedAt) return { ok: false, reason: 'used' };
  if (link.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  return { ok: true, link };
}
