/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** Plain, fast pages: no client framework, no external assets, styles inline. The form's colour is --accent. */
const STYLE = `
*{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1d2433}
main{max-width:560px;margin:40px auto;padding:32px;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001}
h1{margin-top:0;font-size:1.6rem}label{display:block;font-weight:600;margin:16px 0 4px}
input[type=text],input[type=email],select{width:100%;padding:10px;border:1px solid #c8ccd6;border-radius:8px;font-size:1rem;background:#fff}
input:focus,select:focus{outline:2px solid var(--accent);border-color:var(--accent)}
.plans{border:0;padding:0;margin:0}.plan{display:flex;gap:12px;align-items:center;padding:12px;border:1px solid #dde1ea;border-radius:8px;margin:8px 0;font-weight:400}
.plan:has(input:checked){border-color:var(--accent)}.plan input,.check input{accent-color:var(--accent)}
.check{display:flex;gap:8px;align-items:center;font-weight:400}
.extras{margin:-4px 0 12px 32px}.extras label{margin:6px 0}.extras input[type=number]{width:6em;padding:6px;border:1px solid #c8ccd6;border-radius:6px}
.option:not(:has(input[name=plan]:checked)) .extras{display:none}
.plan strong{flex:1}.price{color:#4a5263}.error{color:#b3261e;font-size:.9rem;margin:4px 0 0}
.notice{padding:12px;border-radius:8px;background:#fff4d6}.ok{background:#e3f6e8}
button,.button{display:inline-block;margin-top:24px;padding:12px 20px;border:0;border-radius:8px;background:var(--accent);color:#fff;font-size:1rem;cursor:pointer;text-decoration:none}
`;

const DEFAULT_ACCENT = '#3b5bdb';

export function Layout(props: { title: string; children: Child; refreshSeconds?: number; accent?: string }) {
  // The accent is a checked #rrggbb (shared/signupForms.ts), so it is safe inside the style element.
  const accent = /^#[0-9a-f]{6}$/i.test(props.accent ?? '') ? props.accent : DEFAULT_ACCENT;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
        <title>{props.title}</title>
        <style>{`:root{--accent:${accent}}${STYLE}`}</style>
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
