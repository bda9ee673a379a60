import { afterAll, beforeAll, expect, it } from 'vitest';
import { bumpSignupFormsVersion } from '../../server/billing/signupFormsVersion';
import { SignupForm } from '../../server/db/models';
import { createSignupCache, SIGNUP_CACHE_TTL_MS } from '../../server/pages/signupCache';
import { startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
});
afterAll(() => recur.close());

it('serves a form from memory until the TTL passes or this process changes a form', async () => {
  let clock = 1_000_000;
  let renders = 0;
  const cache = createSignupCache(
    (view) => `${view.form.title} #${++renders}`,
    () => clock,
  );
  const form = await SignupForm.create({
    slug: 'cached',
    title: 'First',
    intro: '',
    planIds: [],
    allPlans: true,
    customFields: [],
    successMessage: '',
    accentColor: '#123456',
    active: true,
  });

  expect((await cache.get('cached'))!.html).toBe('First #1');
  // Another instance changes the row: this one keeps its page until the TTL runs out.
  await SignupForm.update({ title: 'Second' }, { where: { id: form.id } });
  expect((await cache.get('cached'))!.html).toBe('First #1');
  clock += SIGNUP_CACHE_TTL_MS + 1;
  expect((await cache.get('cached'))!.html).toBe('Second #2');

  // A change made through this process is seen at once.
  await SignupForm.update({ title: 'Third' }, { where: { id: form.id } });
  bumpSignupFormsVersion();
  expect((await cache.get('cached'))!.html).toBe('Third #3');

  // Concurrent misses share one load; unknown and switched-off slugs are not served.
  bumpSignupFormsVersion();
  const [a, b] = await Promise.all([cache.get('cached'), cache.get('cached')]);
  expect(a).toBe(b);
  expect(renders).toBe(4);
  expect(await cache.get('missing')).toBeNull();
  await SignupForm.update({ active: false }, { where: { id: form.id } });
  bumpSignupFormsVersion();
  expect(await cache.get('cached')).toBeNull();
});
