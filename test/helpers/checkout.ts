/** Pays a hosted Checkout page the way a browser without JavaScript would: GET it, POST the form. */
export async function payCheckoutPage(url: string, card: { number?: string; email?: string; name?: string } = {}): Promise<Response> {
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`checkout page answered ${page.status}`);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? new URL(url).pathname;
  const emailValue = /id="email"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? /value="([^"]*)"[^>]*id="email"/.exec(html)?.[1];
  const form = new URLSearchParams({
    email: card.email ?? emailValue ?? 'payer@example.com',
    cardNumber: card.number ?? '4242 4242 4242 4242',
    cardExpiry: '12 / 34',
    cardCvc: '123',
    billingName: card.name ?? 'Test Payer',
  });
  return fetch(new URL(action.replace(/&amp;/g, '&'), url), {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
}
