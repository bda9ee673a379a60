import { loadSignupForm, type SignupFormView } from '../billing/signupFormView';
import { signupFormsVersion } from '../billing/signupFormsVersion';

/** Other instances on the same database may change a form: nothing rendered lives longer than this. */
export const SIGNUP_CACHE_TTL_MS = 5_000;
/** A bound on memory: slugs are admin-defined, but stay safe if there are very many. */
const MAX_ENTRIES = 500;

export interface CachedForm {
  view: SignupFormView;
  /** the blank form's page, rendered once */
  html: string;
}

interface Entry {
  value: Promise<CachedForm | null>;
  version: number;
  expiresAt: number;
}

/**
 * The hot GET /signup/:slug serves a page rendered once per slug, from memory: no query per
 * request. An entry is dropped when this process changes a form or a plan (the version moves) or
 * when it is older than the TTL. Concurrent misses share one load. Unknown slugs are not kept.
 */
export function createSignupCache(render: (view: SignupFormView) => string, now: () => number = Date.now) {
  const entries = new Map<string, Entry>();

  function load(slug: string): Promise<CachedForm | null> {
    const value = loadSignupForm(slug).then((view) => (view ? { view, html: render(view) } : null));
    const entry = { value, version: signupFormsVersion(), expiresAt: now() + SIGNUP_CACHE_TTL_MS };
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(slug, entry);
    value.then(
      (found) => {
        if (!found && entries.get(slug) === entry) entries.delete(slug);
      },
      () => {
        if (entries.get(slug) === entry) entries.delete(slug);
      },
    );
    return value;
  }

  return {
    get(slug: string): Promise<CachedForm | null> {
      const entry = entries.get(slug);
      if (entry && entry.version === signupFormsVersion() && entry.expiresAt > now()) return entry.value;
      return load(slug);
    },
  };
}

export type SignupCache = ReturnType<typeof createSignupCache>;
