import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEvent, Customer } from '../../server/db/models';
import { createApiKey } from '../helpers/apiKeys';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { v1 } from '../helpers/signupLink';

// PUT /api/v1/users/{externalId} {email}: an app links a customer who subscribed before it used
// signup links (DESIGN §3.2: externalId is "set by a signup link or the API").

let recur: TestRecur;
let writer: string;
let reader: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  const cookie = await signInCookie(recur.app);
  writer = await createApiKey(recur.app, cookie, 'the app', ['write', 'read']);
  reader = await createApiKey(recur.app, cookie, 'a reader', ['read']);
  await signUp(recur, 'Gold Monthly', 'early@example.com');
  await signUp(recur, 'Silver Monthly', 'other@example.com');
  await settle(recur);
});
afterAll(() => recur.close());

const link = (externalId: string, body: unknown, key = writer) => v1(recur, key, 'PUT', `/users/${encodeURIComponent(externalId)}`, body);
const linkedEvents = async () => (await AppEvent.findAll({ where: { type: 'customer.linked' } })).length;

describe('PUT /api/v1/users/{externalId}', () => {
  it('links the customer with that e-mail once, sends customer.linked once, and lookups by the user id answer', async () => {
    const first = await link('user-1', { email: 'Early@Example.com' });
    expect(first.status).toBe(200);
    const customer = (await Customer.findOne({ where: { email: 'early@example.com' } }))!;
    expect(await first.json()).toEqual({ customerId: customer.id, externalId: 'user-1', email: 'early@example.com', linked: true });
    expect(await linkedEvents()).toBe(1);

    const again = await link('user-1', { email: 'early@example.com' });
    expect(again.status).toBe(200);
    expect((await again.json()).linked).toBe(false);
    expect(await linkedEvents()).toBe(1);

    const answer = await v1(recur, reader, 'GET', '/users/user-1/subscription');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email: 'early@example.com', status: 'active', access: { entitled: true } });
  });

  it('moves nothing: a user id held by another customer, or a customer linked to another id, is a 409', async () => {
    const taken = await link('user-1', { email: 'other@example.com' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).message).toMatch(/user-1 is linked to another customer/);
    const relinked = await link('user-2', { email: 'early@example.com' });
    expect(relinked.status).toBe(409);
    expect((await relinked.json()).message).toMatch(/linked to another user id/);
    expect((await Customer.findOne({ where: { email: 'early@example.com' } }))!.externalId).toBe('user-1');
    expect((await Customer.findOne({ where: { email: 'other@example.com' } }))!.externalId).toBeNull();
    expect(await linkedEvents()).toBe(1);
  });

  it('answers 404 for an unknown e-mail, 400 for a bad body, 403 for a read-only key', async () => {
    expect((await link('user-3', { email: 'nobody@example.com' })).status).toBe(404);
    const unknownKey = await link('user-3', { email: 'other@example.com', customerId: 1 });
    expect(unknownKey.status).toBe(400);
    expect((await unknownKey.json()).errors).toHaveProperty('customerId');
    const badEmail = await link('user-3', { email: 'not-an-email' });
    expect(badEmail.status).toBe(400);
    expect((await link('user 3', { email: 'other@example.com' })).status).toBe(400);
    const readOnly = await link('user-3', { email: 'other@example.com' }, reader);
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()).message).toContain('"write"');
    expect((await Customer.findOne({ where: { email: 'other@example.com' } }))!.externalId).toBeNull();
  });
});
