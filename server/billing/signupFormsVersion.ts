/**
 * A counter bumped whenever this process changes a signup form or a plan: the signup page cache
 * (server/pages/signupCache.ts) drops what it rendered before. Other instances sharing the
 * database notice through the cache's short lifetime instead.
 */
let version = 0;

export function signupFormsVersion(): number {
  return version;
}

export function bumpSignupFormsVersion(): void {
  version += 1;
}
