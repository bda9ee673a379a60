import { payCheckoutPage } from './checkout';
import type { TestRecur } from './recur';

/** A JSON call to /api/v1 with a key. */
export async function v1(recur: TestRecur, key: string, method: string, path: string, body?: unknown): Promise<Response> {
  return recur.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The path and query of an absolute URL Recur made, for app.request(). */
export const local = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export interface LinkForm {
  link: string | undefined;
  email: string | undefined;
  name: string | undefined;
  plan: string | undefined;
}

/** What the form opened with a link shows prefilled. */
export function prefilled(html: string): LinkForm {
  const value = (pattern: RegExp) => pattern.exec(html)?.[1]?.replace(/&amp;/g, '&');
  return {
    link: value(/name="link" value="([^"]*)"/),
    email: value(/id="email"[^>]*value="([^"]*)"/),
    name: value(/id="name"[^>]*value="([^"]*)"/),
    plan: value(/name="plan" value="(\d+)" checked/),
  };
}

/**
 * A person opens an app's signup link, submits the form (with what they change) and pays on the
 * emulator's Checkout; the done page confirms it. Returns the Checkout Session id.
 */
export async function signUpThroughLink(
  recur: TestRecur,
  url: string,
  changes: Partial<Omit<LinkForm, 'link'>> = {},
  { visitDone = true } = {},
): Promise<string> {
  const page = await recur.app.request(local(url));
  if (page.status !== 200) throw new Error(`link page answered ${page.status}`);
  const shown = prefilled(await page.text());
  const fields = { ...shown, ...changes };
  const res = await recur.app.request(new URL(url).pathname, {
    method: 'POST',
    body: new URLSearchParams({ plan: fields.plan ?? '', email: fields.email ?? '', name: fields.name || 'Linked Person', link: shown.link ?? '' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const checkoutUrl = res.headers.get('location');
  if (res.status !== 303 || !checkoutUrl)
    throw new Error(
      `signup answered ${res.status}: ${[...(await res.text()).matchAll(/class="(?:error|notice)"[^>]*>([^<]*)/g)].map((m) => m[1]).join(' / ')}`,
    );
  const paid = await payCheckoutPage(checkoutUrl);
  if (paid.status !== 303) throw new Error(`checkout answered ${paid.status}`);
  const done = new URL(paid.headers.get('location')!);
  if (!visitDone) return /cs_\w+/.exec(checkoutUrl)![0];
  const donePage = await recur.app.request(`${done.pathname}${done.search}`);
  if (donePage.status !== 200) throw new Error(`done page answered ${donePage.status}`);
  return /cs_\w+/.exec(checkoutUrl)![0];
}
