/** @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { cancelPendingChangeFor, itemsOffer, pendingView, previewItemsFor, updateItemsFor } from '../portal/items';
import type { HandlerContext } from '../stripe/handlers';
import { HttpError, PaymentRequiredError } from '../errors';
import { portalItemsConfirmSchema, portalItemsQuerySchema, type PortalItemsChoice } from '../../shared/portalItems';
import { pathId, type PortalEnv } from './portal/http';
import { PortalItemsPage } from './portal/PortalItemsPage';
import { PortalMessagePage } from './portal/PortalSignInPage';

type PortalContext = Context<PortalEnv>;

const notFound = (c: Context) => c.html(<PortalMessagePage title="Not found" message="There is nothing here for your account." />, 404);
const statusOf = (error: HttpError) => (error.status === 409 ? 409 : 400);

/**
 * Add-ons and seats in the portal (DESIGN §3.1): the page, its preview (a GET), the confirmation
 * (a POST with the session's CSRF token), and dropping a change scheduled for the period's end.
 * Registered on the portal's signed-in routes.
 */
export function portalItemRoutes(guarded: Hono<PortalEnv>, ctx: HandlerContext) {
  const page = async (c: PortalContext, id: number, choice: PortalItemsChoice | null, error?: string, status: 200 | 400 | 409 = 200) => {
    const { customer, csrfToken } = c.get('signIn');
    let chosen: Awaited<ReturnType<typeof previewItemsFor>> | undefined;
    if (choice && !error) {
      try {
        chosen = await previewItemsFor(ctx, customer, id, choice);
      } catch (e) {
        if (!(e instanceof HttpError) || e.status === 404) throw e;
        return page(c, id, null, e.message, statusOf(e));
      }
    }
    const offer = chosen?.offer ?? (await itemsOffer(customer, id));
    const pending = await pendingView(offer.subscription);
    const shown = chosen ? { preview: chosen.preview, choice: chosen.choice } : undefined;
    return c.html(<PortalItemsPage email={customer.email} csrf={csrfToken} offer={offer} pending={pending} chosen={shown} error={error} />, status);
  };

  guarded.get('/subscriptions/:id/items', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    if (c.req.query('preview') === undefined) return page(c, id, null);
    const parsed = portalItemsQuerySchema.safeParse({
      addon: (c.req.queries('addon') ?? []).map((s) => s.slice(0, 20)),
      seats: c.req.query('seats')?.slice(0, 20),
    });
    return parsed.success ? page(c, id, { addons: parsed.data.addon, seats: parsed.data.seats }) : page(c, id, null, parsed.error.issues[0]?.message, 400);
  });

  guarded.post('/subscriptions/:id/items', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    const parsed = portalItemsConfirmSchema.safeParse(c.get('form'));
    if (!parsed.success) return page(c, id, null, parsed.error.issues[0]?.message, 400);
    let updated: Awaited<ReturnType<typeof updateItemsFor>>;
    try {
      updated = await updateItemsFor(ctx, c.get('signIn').customer, id, parsed.data);
    } catch (error) {
      // The bank wants the customer: they are here, so they go straight to confirming the charge.
      if (error instanceof PaymentRequiredError && error.actionUrl) return c.redirect(error.actionUrl, 303);
      if (error instanceof PaymentRequiredError)
        return c.redirect(`/portal?done=items-declined&code=${encodeURIComponent((error.declineCode ?? '').slice(0, 40))}`, 303);
      if (error instanceof HttpError && (error.status === 400 || error.status === 409)) return page(c, id, null, error.message, statusOf(error));
      throw error;
    }
    return c.redirect(`/portal?done=${parsed.data.when === 'now' || !updated.pendingChange ? 'items-changed' : 'change-scheduled'}`, 303);
  });

  guarded.post('/subscriptions/:id/pending-change/cancel', async (c) => {
    const id = pathId(c);
    if (id === null) return notFound(c);
    await cancelPendingChangeFor(ctx, c.get('signIn').customer, id);
    return c.redirect('/portal?done=change-dropped', 303);
  });
}
