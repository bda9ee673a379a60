import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeAllStateChanges } from '../../server/appEvents/notice';
import { AppEvent } from '../../server/db/models';
import { customerLifecycleStream } from '../helpers/eventStream';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { deliver } from '../helpers/webhooks';

/**
 * Recur's own events are made by comparing a customer's state with what the apps were last told
 * (server/appEvents/notice.ts): the apply transaction only marks the customers a batch touched.
 * These pin down what that comparison announces: no history from before anyone listened, and
 * changes that pile up between two comparisons (a burst) as one event each, with the latest state.
 * The stream's events follow Stripe's shapes (test/helpers/eventStream.ts); the worker is stopped
 * so that the test decides when the comparison runs.
 */
describe('what the comparison announces', () => {
  let recur: TestRecur;
  const stream = customerLifecycleStream(8, 'price_outside_recur');
  const ofCustomer = (i: number) => stream.filter((e) => JSON.stringify(e).includes(`"cus_stream_${i}"`));
  const apply = async (events: object[]) => {
    for (const event of events) expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();
  };
  const eventsOf = async (customer: number) =>
    (
      await AppEvent.findAll({
        order: [
          ['createdAt', 'ASC'],
          ['id', 'ASC'],
        ],
      })
    )
      .filter((e) => (e.data as { email?: string }).email === `stream${customer}@example.com`)
      .map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));

  beforeAll(async () => {
    recur = await startTestRecur();
    await recur.webhooksOut.stop();
    // customers 0 and 1 signed up and paid before any app listened
    await apply([...ofCustomer(0).slice(0, 3), ...ofCustomer(1).slice(0, 3)]);
    await noticeAllStateChanges(recur.db);
    expect(await AppEvent.count()).toBe(0);
    const cookie = await signInCookie(recur.app);
    const res = await recur.app.request('/api/webhook-endpoints', {
      method: 'POST',
      headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://app.example.com/recur' }),
    });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(() => recur?.close());

  it('writes no event inside the apply transaction: the customers are marked, the comparison writes them', async () => {
    await apply(ofCustomer(2).slice(0, 3));
    expect(await AppEvent.count()).toBe(0);
    await noticeAllStateChanges(recur.db);
    expect((await eventsOf(2)).map((e) => e.type)).toEqual(['subscription.created', 'payment.succeeded', 'access.changed']);
  });

  it('announces what changes after an app listens, not the history from before', async () => {
    const [, , , pastDue, settled, renewal] = ofCustomer(1);
    await apply([pastDue!]);
    await noticeAllStateChanges(recur.db);
    const first = await eventsOf(1);
    expect(first.map((e) => e.type)).toEqual(['subscription.updated', 'access.changed']);
    expect(first[0]!.data).toMatchObject({ subscription: { status: 'past_due' }, previous: { status: 'active' } });
    expect(first[1]!.data).toMatchObject({ access: { entitled: true }, previous: { entitled: true, graceUntil: null } });
    await apply([settled!, renewal!]);
    await noticeAllStateChanges(recur.db);
    const next = (await eventsOf(1)).slice(first.length);
    // the renewal's payment only: the first invoice was paid before the app listened
    expect(next.map((e) => e.type)).toEqual(['subscription.updated', 'payment.succeeded', 'access.changed']);
    expect(next[1]!.data).toMatchObject({ payment: { stripeInvoiceId: 'in_stream_1_2', status: 'succeeded' } });
  });

  it('announces changes that piled up between two comparisons once each, with the latest state', async () => {
    // customer 4's subscription is created, goes past_due and is canceled (customerLifecycleStream: i % 4 === 0) in one burst
    await apply(ofCustomer(4));
    await noticeAllStateChanges(recur.db);
    const events = await eventsOf(4);
    expect(events.map((e) => e.type)).toEqual(['subscription.created', 'subscription.canceled', 'payment.succeeded', 'payment.succeeded']);
    expect(events[0]!.data).toMatchObject({ subscription: { status: 'canceled' } });
    // nothing left to say: the next comparison finds the state as announced
    await noticeAllStateChanges(recur.db);
    expect(await eventsOf(4)).toHaveLength(events.length);
  });

  it('announces nothing for Stripe events applied again', async () => {
    const before = await AppEvent.count();
    await apply(ofCustomer(4).map((e) => ({ ...e, id: `${(e as { id: string }).id}_again` })));
    await noticeAllStateChanges(recur.db);
    expect(await AppEvent.count()).toBe(before);
  });
});
