/** @jsxImportSource hono/jsx */
import { PortalLayout } from './PortalLayout';

export interface SignInProps {
  email?: string;
  error?: string;
  notice?: { text: string; tone?: 'ok' | 'bad' };
  title?: string;
}

/** The sign-in form; also the page for a spent or expired link, which offers a new one. */
export function PortalSignInPage({ email, error, notice, title }: SignInProps) {
  return (
    <PortalLayout title="Sign in to manage your subscription">
      <h1>{title ?? 'Manage your subscription'}</h1>
      {notice ? (
        <p class={`notice ${notice.tone ?? ''}`} data-notice>
          {notice.text}
        </p>
      ) : null}
      <p>Enter the e-mail address you subscribed with. We will send you a link that signs you in.</p>
      <form method="post" action="/portal/login">
        <label for="email">E-mail</label>
        <input id="email" type="email" name="email" value={email ?? ''} autocomplete="email" required maxlength={254} />
        {error ? (
          <p class="error" data-error="email">
            {error}
          </p>
        ) : null}
        <p>
          <button type="submit">E-mail me a sign-in link</button>
        </p>
      </form>
    </PortalLayout>
  );
}

/**
 * What a sign-in link opens: whose portal, and the button that signs in (and spends the link).
 * Naming the address lets someone sent another person's link notice before signing in as them.
 */
export function PortalConfirmSignInPage({ token, email }: { token: string; email: string }) {
  return (
    <PortalLayout title="Sign in to manage your subscription">
      <h1>Sign in</h1>
      <p>
        This link signs you in to the subscription of <strong data-email>{email}</strong>. If that is not your address, do not continue.
      </p>
      <form method="post" action="/portal/auth">
        <input type="hidden" name="token" value={token} />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </PortalLayout>
  );
}

export function PortalLinkSentPage({ email }: { email: string }) {
  return (
    <PortalLayout title="Check your e-mail">
      <h1>Check your e-mail</h1>
      <p class="notice ok" data-outcome="sent">
        If {email} belongs to a subscription, a sign-in link is on its way. It works once, within 15 minutes.
      </p>
      <p>
        <a href="/portal">Use another address</a>
      </p>
    </PortalLayout>
  );
}

export function PortalMessagePage({ title, message, back }: { title: string; message: string; back?: { href: string; label: string } }) {
  return (
    <PortalLayout title={title}>
      <h1>{title}</h1>
      <p class="notice bad" data-message>
        {message}
      </p>
      <p>
        <a href={back?.href ?? '/portal'}>{back?.label ?? 'Back to your subscription'}</a>
      </p>
    </PortalLayout>
  );
}
