import { Plan } from '../../server/db/models';
import { payCheckoutPage } from './checkout';
import type { TestRecur } from './recur';

/** A person signs up through the hosted form and pays on the emulator's Checkout page. */
export async function signUp(recur: TestRecur, planName: string, email: string, card = '4242 4242 4242 4242'): Promise<string> {
  const plan = await Plan.findOne({ where: { name: planName } });
  if (!plan) throw new Error(`no plan named ${planName}`);
  const res = await recur.app.request('/signup', {
    method: 'POST',
    body: new URLSearchParams({ plan: String(plan.id), email, name: email.split('@')[0]! }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const checkoutUrl = res.headers.get('location');
  if (res.status !== 303 || !checkoutUrl) throw new Error(`signup answered ${res.status}`);
  const paid = await payCheckoutPage(checkoutUrl, { number: card });
  if (paid.status !== 303) throw new Error(`checkout answered ${paid.status}: ${(await paid.text()).slice(0, 200)}`);
  // Checkout sends the browser to the done page, which confirms the signup (the typed name reaches Stripe).
  const done = new URL(paid.headers.get('location')!);
  if (done.pathname.includes('/signup/')) await (await recur.app.request(`${done.pathname}${done.search}`)).text();
  return /cs_\w+/.exec(checkoutUrl)![0];
}
