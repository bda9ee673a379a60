/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { SignupFormView } from '../billing/signupFormView';
import type { SignupLink } from '../db/models';
import { signupLinkState } from '../linkedAccounts/signupLinks';
import { Layout } from './Layout';
import type { SignupValues } from './SignupPage';

export type LinkCheck = { ok: true; link: SignupLink; token: string } | { ok: false; page: Response };

const REFUSED = {
  invalid: {
    status: 400,
    title: 'This signup link is not valid',
    text: 'Check that the whole link was copied, or go back to the app and start again: it makes a new link.',
  },
  expired: { status: 410, title: 'This signup link has expired', text: 'Go back to the app and start again: it makes a new link. Nothing was charged.' },
  used: { status: 410, title: 'This signup link was already used', text: 'A subscription was set up through it. To change it, open billing from the app.' },
} as const;

/**
 * An app's signup link as the form is opened or posted with it. A link that is not good any more
 * is said plainly, and nothing else happens: no form to pay through without the link, since a
 * Checkout without it would not link the customer the app expects.
 */
export async function checkLink(c: Context, view: SignupFormView, raw: string): Promise<LinkCheck> {
  // Pages with the token (and a person's e-mail) never end up in a cache.
  c.header('Cache-Control', 'no-store');
  const token = raw.slice(0, 100);
  const state = await signupLinkState(token, view.form);
  if (state.ok) return { ok: true, link: state.link, token };
  const { status, title, text } = REFUSED[state.reason];
  const page = (
    <Layout title={title} accent={view.form.accentColor}>
      <h1>{title}</h1>
      <p>{text}</p>
    </Layout>
  );
  return { ok: false, page: await c.html(`<!DOCTYPE html>${page.toString()}`, status) };
}

/** What the app prefilled: the person may still change the e-mail, name and plan. */
export function linkValues(link: SignupLink): SignupValues {
  return { plan: link.planId ? String(link.planId) : undefined, email: link.email ?? undefined, name: link.name ?? undefined };
}
