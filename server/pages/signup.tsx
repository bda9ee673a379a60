/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { startCheckout } from '../billing/signup';
import { checkoutOutcome } from '../billing/signupOutcome';
import { loadSignupForm, type SignupFormView } from '../billing/signupFormView';
import { addonField, chosenExtras, seatsField } from '../billing/signupItems';
import type { AppDeps } from '../deps';
import { HttpError, TooManyRequestsError } from '../errors';
import { clientIp } from '../http/clientIp';
import { fieldErrors } from '../http/validate';
import { own } from '../../shared/own';
import { signupFormSchema } from '../../shared/signup';
import { customValuesSchema, DEFAULT_FORM_SLUG } from '../../shared/signupForms';
import { DonePage } from './DonePage';
import { Layout } from './Layout';
import { SignupPage, type SignupValues } from './SignupPage';
import { createSignupCache } from './signupCache';
import { signupHeaders } from './signupHeaders';
import { checkLink, linkValues } from './signupLink';

const CANCELED_NOTICE = 'Checkout was canceled and nothing was charged. You can pick a plan and try again.';

/** A slug no form could have (NUL bytes, 10 KB of junk) is not looked up at all: it is a 404. */
const SLUG_SHAPE = /^[a-z0-9-]{1,64}$/;

function slugOf(c: Context): string {
  const slug = c.req.param('slug') ?? DEFAULT_FORM_SLUG;
  return SLUG_SHAPE.test(slug) ? slug : '';
}

function formText(value: unknown, max = 300): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function renderForm(view: SignupFormView, values: SignupValues = {}, errors: Record<string, string> = {}, notice?: string, link?: string): string {
  return `<!DOCTYPE html>${(<SignupPage form={view.form} plans={view.plans} addons={view.addons} values={values} errors={errors} notice={notice} link={link} />).toString()}`;
}

/**
 * What was posted, as strings (a checkbox: whether it was ticked), cut to a sane length before
 * validation. Custom keys are the admin's (`constructor` is a valid one): read as own properties only.
 */
function postedValues(view: SignupFormView, body: Record<string, unknown>): SignupValues {
  const values: SignupValues = { plan: formText(own(body, 'plan')), email: formText(own(body, 'email')), name: formText(own(body, 'name')) };
  for (const field of view.form.customFields) {
    const posted = own(body, field.key);
    values[field.key] = field.type === 'checkbox' ? posted === 'on' : formText(posted, 1000);
  }
  // The extras' inputs (server/billing/signupItems.ts), kept so a failed submit shows them as typed.
  for (const plan of view.plans) {
    values[seatsField(plan.id)] = formText(own(body, seatsField(plan.id)), 20);
    for (const addon of view.addons.get(plan.id) ?? []) values[addonField(plan.id, addon.id)] = own(body, addonField(plan.id, addon.id)) === 'on';
  }
  return values;
}

export function signupPages({ stripe, db, baseUrl, log }: AppDeps) {
  const app = new Hono();
  const cache = createSignupCache((view) => renderForm(view));
  app.use('*', signupHeaders);

  const notFound = (c: Context) => c.html(<NotFoundPage />, 404);

  const show = async (c: Context) => {
    const cached = await cache.get(slugOf(c));
    if (!cached) return notFound(c);
    const notice = c.req.query('canceled') ? CANCELED_NOTICE : undefined;
    // An app's signup link: the form prefilled for its user, never the cached page.
    const raw = c.req.query('link');
    if (raw !== undefined) {
      const linked = await checkLink(c, cached.view, raw);
      return linked.ok ? c.html(renderForm(cached.view, linkValues(linked.link), {}, notice, linked.token)) : linked.page;
    }
    if (notice) return c.html(renderForm(cached.view, {}, {}, notice));
    return c.html(cached.html);
  };

  const submit = async (c: Context) => {
    const cached = await cache.get(slugOf(c));
    if (!cached) return notFound(c);
    const { view } = cached;
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const values = postedValues(view, body);
    const raw = own(body, 'link');
    const linked = typeof raw === 'string' ? await checkLink(c, view, raw) : undefined;
    if (linked && !linked.ok) return linked.page;
    const link = linked?.ok ? { id: linked.link.id, externalId: linked.link.externalId, token: linked.token } : undefined;
    const fields = signupFormSchema.safeParse(values);
    const custom = customValuesSchema(view.form.customFields).safeParse(values);
    const errors = { ...(fields.success ? {} : fieldErrors(fields.error)), ...(custom.success ? {} : fieldErrors(custom.error)) };
    const plan = fields.success ? view.plans.find((p) => p.id === fields.data.plan) : undefined;
    if (fields.success && !plan) errors.plan = 'Choose one of the plans listed';
    const chosen = plan ? chosenExtras(view, plan, body) : undefined;
    Object.assign(errors, chosen?.errors);
    if (!fields.success || !custom.success || !chosen || Object.keys(errors).length)
      return c.html(renderForm(view, values, errors, undefined, link?.token), 400);
    try {
      return c.redirect(
        await startCheckout(stripe, db, baseUrl, { form: view.form, fields: fields.data, values: custom.data, extras: chosen.extras, ip: clientIp(c), link }),
        303,
      );
    } catch (error) {
      if (error instanceof HttpError && error.status === 400)
        return c.html(renderForm(view, values, error.errors ?? { _: error.message }, undefined, link?.token), 400);
      // Over the per-address limit: the form again, with what was typed and when to come back.
      if (error instanceof TooManyRequestsError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return c.html(renderForm(view, values, { _: error.message }, undefined, link?.token), 429);
      }
      throw error;
    }
  };

  // The done page outlives a form being switched off: whoever paid still learns the outcome.
  const done = async (c: Context) => {
    const view = await loadSignupForm(slugOf(c), true);
    if (!view) return notFound(c);
    const sessionId = c.req.query('session_id') ?? '';
    const outcome = /^cs_\w{1,200}$/.test(sessionId) ? await checkoutOutcome(stripe, db, log, sessionId) : ({ kind: 'unknown' } as const);
    const page = <DonePage outcome={outcome} retryUrl={`/signup/${view.form.slug}`} successMessage={view.form.successMessage} accent={view.form.accentColor} />;
    return c.html(page, outcome.kind === 'unknown' ? 404 : 200);
  };

  app.get('/', show).post('/', submit);
  app.get('/:slug', show).post('/:slug', submit);
  app.get('/:slug/done', done);
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
