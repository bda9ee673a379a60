/** @jsxImportSource hono/jsx */
import type { CancelSummary } from '../../portal/cancel';
import { formatDate, PortalLayout, PostForm } from './PortalLayout';

/** Cancelling asks once more, and says what happens: access until the period ends, no more charges. */
export function PortalCancelPage({ email, csrf, sub, error }: { email: string; csrf: string; sub: CancelSummary; error?: string }) {
  return (
    <PortalLayout title="Cancel subscription" signedInAs={email} csrf={csrf}>
      <h1>Cancel {sub.planName}?</h1>
      {error ? <p class="notice bad" data-error>{error}</p> : null}
      <p>
        Your subscription stays active until <strong>{formatDate(sub.currentPeriodEnd)}</strong> and then ends. You will not be charged again. You can
        resume it any time before then.
      </p>
      <PostForm action={`/portal/subscriptions/${sub.id}/cancel`} csrf={csrf} hidden={{ confirm: 'yes' }}>
        <button type="submit" class="danger">Yes, cancel at period end</button> <a class="button secondary" href="/portal">Keep my subscription</a>
      </PostForm>
    </PortalLayout>
  );
}
