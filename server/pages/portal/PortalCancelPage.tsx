/** @jsxImportSource hono/jsx */
import type { CancelSummary } from '../../portal/cancel';
import { CANCELLATION_FEEDBACK, CANCELLATION_FEEDBACK_LABELS } from '../../../shared/pause';
import { formatDate, PortalLayout, PostForm } from './PortalLayout';

/** Cancelling asks once more, and says what happens: access until the period ends, no more charges. It also asks why. */
export function PortalCancelPage({ email, csrf, sub, error }: { email: string; csrf: string; sub: CancelSummary; error?: string }) {
  return (
    <PortalLayout title="Cancel subscription" signedInAs={email} csrf={csrf}>
      <h1>Cancel {sub.planName}?</h1>
      {error ? (
        <p class="notice bad" data-error>
          {error}
        </p>
      ) : null}
      <p>
        Your subscription stays active until <strong>{formatDate(sub.currentPeriodEnd)}</strong> and then ends. You will not be charged again. You can resume it
        any time before then.
      </p>
      <PostForm action={`/portal/subscriptions/${sub.id}/cancel`} csrf={csrf} hidden={{ confirm: 'yes' }}>
        <p>
          <label>
            Why are you leaving? (optional){' '}
            <select name="reason">
              <option value="">Choose a reason</option>
              {CANCELLATION_FEEDBACK.map((value) => (
                <option value={value}>{CANCELLATION_FEEDBACK_LABELS[value]}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            Anything else you want to tell us? (optional)
            <br />
            <textarea name="comment" rows={3} cols={50} maxlength={500}></textarea>
          </label>
        </p>
        <button type="submit" class="danger">
          Yes, cancel at period end
        </button>{' '}
        <a class="button secondary" href="/portal">
          Keep my subscription
        </a>
      </PostForm>
    </PortalLayout>
  );
}
