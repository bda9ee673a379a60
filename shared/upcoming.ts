/**
 * GET /api/subscriptions/:id/upcoming, and the portal's "Next charge": Stripe's preview of the
 * next renewal invoice, "none" when the subscription will not be charged again, "unavailable"
 * when Stripe could not be asked (that part of the page says so; the rest still shows).
 */
export type NextCharge =
  | { status: 'scheduled'; at: string | null; amount: number; currency: string }
  | { status: 'none'; endsAt: string | null; message: string }
  | { status: 'unavailable'; message: string };
