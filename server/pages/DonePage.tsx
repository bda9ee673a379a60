/** @jsxImportSource hono/jsx */
import type { CheckoutOutcome } from '../billing/signupOutcome';
import { Layout } from './Layout';

/** Says plainly what happened at Checkout; while the webhook is on its way, the page refreshes itself. */
export interface DonePageProps {
  outcome: CheckoutOutcome;
  retryUrl: string;
  /** the form's own words once the subscription is in place */
  successMessage?: string;
  accent?: string;
}

export function DonePage({ outcome, retryUrl, successMessage, accent }: DonePageProps) {
  switch (outcome.kind) {
    case 'active':
      return (
        <Layout title="You're subscribed" accent={accent}>
          <h1>Thank you!</h1>
          <p class="notice ok" data-outcome="active">
            Your {outcome.planName ?? ''} subscription is {outcome.status === 'trialing' ? 'in its free trial' : 'active'}. A receipt is on its way from Stripe.
          </p>
          {successMessage ? <p class="success-message">{successMessage}</p> : null}
        </Layout>
      );
    case 'processing':
      return (
        <Layout title="Finishing up" refreshSeconds={2} accent={accent}>
          <h1>Payment received</h1>
          <p class="notice" data-outcome="processing">
            We are setting up your {outcome.planName ?? ''} subscription. This page updates by itself.
          </p>
        </Layout>
      );
    case 'open':
      return (
        <Layout title="Payment not completed" accent={accent}>
          <h1>Payment not completed</h1>
          <p class="notice" data-outcome="open">
            Nothing was charged. You can go back and try again.
          </p>
          <a class="button" href={retryUrl}>
            Try again
          </a>
        </Layout>
      );
    case 'expired':
      return (
        <Layout title="Checkout expired" accent={accent}>
          <h1>This checkout has expired</h1>
          <p class="notice" data-outcome="expired">
            Nothing was charged. Start again to subscribe.
          </p>
          <a class="button" href={retryUrl}>
            Start again
          </a>
        </Layout>
      );
    default:
      return (
        <Layout title="Unknown checkout" accent={accent}>
          <h1>We could not find that checkout</h1>
          <p class="notice" data-outcome="unknown">
            Start again to subscribe.
          </p>
          <a class="button" href={retryUrl}>
            Start again
          </a>
        </Layout>
      );
  }
}
