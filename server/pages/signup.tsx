/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { checkoutOutcome, listSignupPlans, startCheckout } from '../billing/signup';
import type { AppDeps } from '../deps';
import { HttpError } from '../errors';
import { fieldErrors } from '../http/validate';
import { signupFormSchema } from '../../shared/signup';
import { DonePage } from './DonePage';
import { Layout } from './Layout';
import { SignupPage, type SignupValues } from './SignupPage';

/** Only the default form exists until signup forms become configurable. */
const FORM_SLUGS = new Set(['default']);

function slugOf(c: Context): string {
  return c.req.param('slug') ?? 'default';
}

function formText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 300) : undefined;
}

export function signupPages({ stripe, baseUrl }: AppDeps) {
  const app = new Hono();

  const render = async (c: Context, values: SignupValues, errors: Record<string, string>, status: 200 | 400 = 200) => {
    const slug = slugOf(c);
    const notice = c.req.query('canceled') ? 'Checkout was canceled and nothing was charged. You can pick a plan and try again.' : undefined;
    const page = <SignupPage action={`/signup/${slug}`} plans={await listSignupPlans()} values={values} errors={errors} notice={notice} />;
    return c.html(page, status);
  };

  // Unknown slugs answer 404 before any handler runs.
  const known = (handler: (c: Context) => Promise<Response>) => (c: Context) =>
    FORM_SLUGS.has(slugOf(c)) ? handler(c) : c.html(<NotFoundPage />, 404);

  const show = (c: Context) => render(c, {}, {});
  const submit = async (c: Context) => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const values = { plan: formText(body.plan), email: formText(body.email), name: formText(body.name) };
    const parsed = signupFormSchema.safeParse(values);
    if (!parsed.success) return render(c, values, fieldErrors(parsed.error), 400);
    try {
      return c.redirect(await startCheckout(stripe, baseUrl, slugOf(c), parsed.data), 303);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return render(c, values, error.errors ?? { _: error.message }, 400);
      throw error;
    }
  };
  const done = async (c: Context) => {
    const sessionId = c.req.query('session_id') ?? '';
    const retryUrl = `/signup/${slugOf(c)}`;
    const outcome = /^cs_\w{1,200}$/.test(sessionId) ? await checkoutOutcome(stripe, sessionId) : ({ kind: 'unknown' } as const);
    return c.html(<DonePage outcome={outcome} retryUrl={retryUrl} />, outcome.kind === 'unknown' ? 404 : 200);
  };

  app.get('/', known(show)).post('/', known(submit));
  app.get('/:slug', known(show)).post('/:slug', known(submit));
  app.get('/:slug/done', known(done));
  return app;
}

function NotFoundPage() {
  return (
    <Layout title="Not found">
      <h1>No such signup form</h1>
      <p>Check the link you followed.</p>
    </Layout>
  );
}
