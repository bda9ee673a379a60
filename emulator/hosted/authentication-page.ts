import { escapeHtml } from '../checkout/page';

export interface AuthenticationPageModel {
  /** Where the form posts `outcome=complete|fail`. */
  action: string;
  /** "$20.00 to Recur Emulator", or what the cardholder is agreeing to. */
  summary: string;
  cardLabel: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}
main{max-width:460px;margin:64px auto;padding:32px;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002}
p{line-height:1.5}.buttons{display:flex;gap:12px;margin-top:24px}
button{flex:1;padding:12px;border:0;border-radius:6px;font-size:16px;color:#fff}
#test-source-authorize-3ds{background:#0074d4}#test-source-fail-3ds{background:#df1b41}`;

/**
 * The issuer's 3D Secure challenge as Stripe's test mode shows it: one page, "Complete" or
 * "Fail". The button ids are those of Stripe's own test page, so a browser test written
 * against it clicks the same elements here.
 */
export function renderAuthenticationPage(m: AuthenticationPageModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure authentication</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><main>
<h1>3D Secure 2 Test Page</h1>
<p id="authentication-summary">${escapeHtml(m.summary)}</p>
<p>Card: <span id="authentication-card">${escapeHtml(m.cardLabel)}</span></p>
<p>This is a test authentication. Complete it to let the payment go ahead, or fail it to see a declined authentication.</p>
<form method="post" action="${escapeHtml(m.action)}" class="buttons">
<button type="submit" name="outcome" value="complete" id="test-source-authorize-3ds">Complete</button>
<button type="submit" name="outcome" value="fail" id="test-source-fail-3ds">Fail</button>
</form>
</main></body></html>`;
}

export function cardLabel(card: { brand?: string | null; last4?: string | null } | null | undefined): string {
  if (!card) return 'card';
  const brand = card.brand ? card.brand.charAt(0).toUpperCase() + card.brand.slice(1) : 'Card';
  return `${brand} •••• ${card.last4 ?? '????'}`;
}

/** The outcome the cardholder chose, from the posted form. */
export function readOutcome(body: URLSearchParams): 'complete' | 'fail' | null {
  const v = body.get('outcome');
  return v === 'complete' || v === 'fail' ? v : null;
}
