/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { once } from '../../../shared/once';

/** The signup pages' look, plus tables and inline forms; no scripts, no external assets. */
const STYLE = `
*{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1d2433}
header{max-width:760px;margin:24px auto 0;display:flex;justify-content:space-between;align-items:center;padding:0 8px}
header .who{color:#4a5263}main{max-width:760px;margin:16px auto 40px;padding:32px;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001}
h1{margin-top:0;font-size:1.6rem}h2{font-size:1.2rem;margin:28px 0 8px}label{display:block;font-weight:600;margin:16px 0 4px}
input[type=email]{width:100%;padding:10px;border:1px solid #c8ccd6;border-radius:8px;font-size:1rem}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7ee}td.num,th.num{text-align:right}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#4a5263}dd{margin:0;font-weight:600}
.error{color:#b3261e;font-size:.95rem;margin:4px 0 0}.notice{padding:12px;border-radius:8px;background:#fff4d6}.ok{background:#e3f6e8}.bad{background:#fde7e4}
.status{display:inline-block;padding:2px 8px;border-radius:10px;background:#eef0f5;font-size:.85rem}
.card{border:1px solid #dde1ea;border-radius:10px;padding:16px;margin:12px 0}.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
.actions form,td form{display:inline;margin:0}.plan{display:flex;justify-content:space-between;align-items:center;border:1px solid #dde1ea;border-radius:8px;padding:10px 12px;margin:8px 0}
button,.button{display:inline-block;font:inherit;padding:10px 16px;border:0;border-radius:8px;background:#3b5bdb;color:#fff;font-size:.95rem;cursor:pointer;text-decoration:none}
.secondary{background:#eef0f5;color:#1d2433}.danger{background:#c92a2a}.link{background:none;color:#3b5bdb;padding:0;text-decoration:underline}
`;

/** "Back to app.example.com": the host is what the person recognises, and all a URL can honestly name. */
function BackToApp({ href }: { href: string }) {
  return (
    <a href={href} rel="noopener noreferrer" data-back-to-app>
      Back to {new URL(href).host}
    </a>
  );
}

export function PortalLayout(props: { title: string; children: Child; signedInAs?: string; csrf?: string; returnUrl?: string | null }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        {props.signedInAs && props.csrf ? (
          <header>
            <span>
              {props.returnUrl ? (
                <>
                  <BackToApp href={props.returnUrl} />
                  {' · '}
                </>
              ) : null}
              <a href="/portal">Your subscription</a>
            </span>
            <span class="who">
              {props.signedInAs}{' '}
              <form method="post" action="/portal/logout" style="display:inline">
                <input type="hidden" name="csrf" value={props.csrf} />
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            </span>
          </header>
        ) : null}
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Every POST form of a signed-in customer carries the session's CSRF token. */
export function PostForm(props: { action: string; csrf: string; children: Child; hidden?: Record<string, string> }) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="csrf" value={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
    </form>
  );
}

const DATE = once(() => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }));
export const formatDate = (date: Date | null | undefined): string => (date ? DATE().format(date) : '—');
