/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { cancelAtPeriodEndFor, cancelSummaryFor, resumeFor } from '../portal/cancel';
import { finishCardUpdate, startCardUpdate } from '../portal/card';
import { payInvoiceFor } from '../portal/payInvoice';
import { changePlanFor, otherPlans, previewChangeFor } from '../portal/planChange';
import { PORTAL_COOKIE, resolvePortalSession } from '../portal/sessions';
import { portalView } from '../portal/view';
import { portalCancelSchema, portalChangePlanSchema, portalPreviewQuerySchema } from '../../shared/portal';
import { ConflictError, HttpError, PaymentRequiredError } from '../errors';
import { pageError, pathId, requireCustomer, type PortalEnv } from './portal/http';
import { noticeFor } from './portal/notices';
import { PortalCancelPage } from './portal/PortalCancelPage';
import { PortalPausePage } from './portal/PortalPausePage';
import { pauseFor, pauseSummaryFor, unpauseFor } from '../portal/pause';
import { portalPauseSchema } from '../../shared/pause';
import { PortalChangePlanPage } from './portal/PortalChangePlanPage';
import { portalItemRoutes } from './portalItems';
import { PortalDashboardPage } from './portal/PortalDashboardPage';
import { PortalMessagePage, PortalSignInPage } from './portal/PortalSignInPage';

type PortalContext = Context<PortalEnv>;

const notFound = (c: Context) => c.html(<PortalMessagePage title="Not found" message="There is nothing here for your account." />, 404);

/** The signed-in customer's dashboard and every action on it. */
export function portalActionRoutes({ db, stripe, log, baseUrl }: AppDeps) {
  const ctx = { db, stripe, log };
  const app = new Hono<PortalEnv>();

  app.get('/', async (c) => {
    const signIn = await resolvePortalSession(getCookie(c, PORTAL_COOKIE));
    const notice = noticeFor(c.req.query('done'), c.req.query('code'));
    if (!signIn) return c.html(<PortalSignInPage notice={notice} />);
    const view = await portalView({ stripe, log }, signIn.customer);
    return c.html(<PortalDashboardPage view={view} csrf={signIn.csrfToken} notice={notice} returnUrl={signIn.returnUrl} />);
  });

  const guarded = new Hono<PortalEnv>();
  guarded.use('*', requireCustomer);
  const who = (c: PortalContext) => c.get('signIn');
  portalItemRoutes(guarded, ctx);

  const changePage = async (c: PortalContext, id: number, planId: number | null, error?: string, status: 200 | 400 | 409 = 200) => {
    const { customer, csrfToken } = who(c);
    const { subscription, plans } = await otherPlans(customer, id);
    let chosen: Awaited<ReturnType<typeof previewChangeFor>> | undefined;
    if (planId !== null && !error) {
      try {
        chosen = await previewChangeFor(ctx, customer, id, planId);
      } catch (e) {
        if (!(e instanceof HttpError) || e.status === 404) throw e;
        return c.html(
          <PortalChangePlanPage email={customer.email} csrf={csrfToken} subscription={subscription} plans={plans} error={e.message} />,
          e.status === 409 ? 409 : 400,
        );
      }
    }
    return c.html(
      <PortalChangePlanPage email={customer.email} csrf={csrfToken} subscription={subscription} plans={plans} chosen={chosen} error={error} />,
      status,
    );
  };

  guarded.get('/subscriptions/:id/change', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const raw = c.req.query('plan');
    if (raw === undefined) return changePage(c, id, null);
    const parsed = portalPreviewQuerySchema.safeParse({ plan: raw });
    return parsed.success ? changePage(c, id, parsed.data.plan) : changePage(c, id, null, parsed.error.issues[0]?.message, 400);
  });

  guarded.post('/subscriptions/:id/change', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const parsed = portalChangePlanSchema.safeParse(c.get('form'));
    if (!parsed.success) return changePage(c, id, null, parsed.error.issues[0]?.message, 400);
    try {
      const confirm = { intervalChange: parsed.data.confirmIntervalChange === 'yes' };
      await changePlanFor(ctx, who(c).customer, id, parsed.data.plan, parsed.data.prorationDate, confirm);
    } catch (error) {
      // The bank wants the customer: they are here, so they go straight to confirming the charge.
      if (error instanceof PaymentRequiredError && error.actionUrl) return c.redirect(error.actionUrl, 303);
      if (error instanceof PaymentRequiredError)
        return c.redirect(`/portal?done=change-declined&code=${encodeURIComponent((error.declineCode ?? '').slice(0, 40))}`, 303);
      if (error instanceof HttpError && (error.status === 400 || error.status === 409)) return changePage(c, id, null, error.message, error.status);
      throw error;
    }
    return c.redirect('/portal?done=plan-changed', 303);
  });

  guarded.get('/subscriptions/:id/cancel', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const { customer, csrfToken } = who(c);
    return c.html(<PortalCancelPage email={customer.email} csrf={csrfToken} sub={await cancelSummaryFor(customer, id)} />);
  });

  guarded.post('/subscriptions/:id/cancel', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const { customer, csrfToken } = who(c);
    const parsed = portalCancelSchema.safeParse(c.get('form'));
    if (!parsed.success) {
      return c.html(
        <PortalCancelPage email={customer.email} csrf={csrfToken} sub={await cancelSummaryFor(customer, id)} error={parsed.error.issues[0]?.message} />,
        400,
      );
    }
    const comment = parsed.data.comment?.trim();
    await cancelAtPeriodEndFor(ctx, customer, id, { reason: parsed.data.reason || undefined, comment: comment || undefined });
    return c.redirect('/portal?done=canceled', 303);
  });

  guarded.get('/subscriptions/:id/pause', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const { customer, csrfToken } = who(c);
    return c.html(<PortalPausePage email={customer.email} csrf={csrfToken} sub={await pauseSummaryFor(customer, id)} />);
  });

  guarded.post('/subscriptions/:id/pause', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const { customer, csrfToken } = who(c);
    const parsed = portalPauseSchema.safeParse(c.get('form'));
    if (!parsed.success) {
      return c.html(
        <PortalPausePage email={customer.email} csrf={csrfToken} sub={await pauseSummaryFor(customer, id)} error={parsed.error.issues[0]?.message} />,
        400,
      );
    }
    await pauseFor(ctx, customer, id, parsed.data.resumesAt);
    return c.redirect('/portal?done=paused', 303);
  });

  guarded.post('/subscriptions/:id/unpause', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    await unpauseFor(ctx, who(c).customer, id);
    return c.redirect('/portal?done=unpaused', 303);
  });

  guarded.post('/subscriptions/:id/resume', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    await resumeFor(ctx, who(c).customer, id);
    return c.redirect('/portal?done=resumed', 303);
  });

  guarded.post('/card', async (c) => c.redirect(await startCardUpdate(stripe, baseUrl, who(c).customer), 303));

  guarded.get('/card/done', async (c) => {
    const sessionId = c.req.query('session_id') ?? '';
    if (!/^cs_\w{1,200}$/.test(sessionId)) return notFound(c);
    const outcome = await finishCardUpdate(ctx, who(c).customer, sessionId);
    return c.redirect(`/portal?done=${outcome.saved ? 'card-saved' : 'card-not-saved'}`, 303);
  });

  guarded.post('/invoices/:id/pay', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    let outcome: Awaited<ReturnType<typeof payInvoiceFor>>;
    try {
      outcome = await payInvoiceFor(ctx, who(c).customer, id);
    } catch (error) {
      // A second click while the first is being charged: that one's answer is the one that counts.
      if (error instanceof ConflictError && /in progress/.test(error.message)) return c.redirect('/portal?done=pay-in-progress', 303);
      throw error;
    }
    if (outcome.paid) return c.redirect('/portal?done=paid', 303);
    return c.redirect(`/portal?done=pay-failed&code=${encodeURIComponent(outcome.code.slice(0, 40))}`, 303);
  });

  guarded.onError((error, c) => pageError(c, error, log));
  app.onError((error, c) => pageError(c, error, log));
  app.route('/', guarded);
  app.all('*', notFound);
  return app;
}
