/** @jsxImportSource hono/jsx */
import type { PauseSummary } from '../../portal/pause';
import { formatDate, PortalLayout, PostForm } from './PortalLayout';

/** Pausing says what it means: no charges while paused, and the service paused with them unless the business keeps it. */
export function PortalPausePage({ email, csrf, sub, error }: { email: string; csrf: string; sub: PauseSummary; error?: string }) {
  return (
    <PortalLayout title="Pause payments" signedInAs={email} csrf={csrf}>
      <h1>Pause {sub.planName}?</h1>
      {error ? (
        <p class="notice bad" data-error>
          {error}
        </p>
      ) : null}
      <p>
        While paused you are not charged: the renewal due on <strong>{formatDate(sub.currentPeriodEnd)}</strong> and any after it are not collected and are not
        owed later. You can unpause any time; charging then resumes with the next renewal.
      </p>
      <PostForm action={`/portal/subscriptions/${sub.id}/pause`} csrf={csrf} hidden={{ confirm: 'yes' }}>
        <p>
          <label>
            Resume automatically on (optional) <input type="date" name="resumesAt" />
          </label>
        </p>
        <button type="submit">Pause payments</button>{' '}
        <a class="button secondary" href="/portal">
          Keep paying
        </a>
      </PostForm>
    </PortalLayout>
  );
}
