import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import { httpClient } from '../providers/dataProvider';

/** What /healthz says about API versions (README, "Pointing Recur at real Stripe"). */
interface VersionHealth {
  apiVersion: string;
  otherEventApiVersions: { apiVersion: string; lastSeenAt: string }[];
}

/**
 * Shown when Stripe sent webhook events in another API version than Recur reads (an endpoint
 * Recur did not register, STRIPE_WEBHOOK_SECRET): nothing is wrong in the data, since Recur re-read
 * those objects from Stripe, but each event then costs an API call, and only the endpoint's
 * owner can change its version.
 */
export function ApiVersionNotice() {
  const [health, setHealth] = useState<VersionHealth | null>(null);
  useEffect(() => {
    let current = true;
    httpClient('/healthz').then(
      ({ json }: { json: VersionHealth }) => current && setHealth(json),
      () => undefined, // a notice, not a page: nothing to show if the probe fails
    );
    return () => {
      current = false;
    };
  }, []);
  const others = health?.otherEventApiVersions ?? [];
  if (!health || !others.length) return null;
  const versions = others.map((v) => `${v.apiVersion} (last ${new Date(v.lastSeenAt).toLocaleString()})`).join(', ');
  return (
    <Alert severity="warning" sx={{ mt: 1 }} data-testid="api-version-notice">
      Stripe sent webhook events in API version {versions}. Recur reads {health.apiVersion}: it did not read those events but re-read their objects from Stripe,
      one API call each. Give the webhook endpoint API version {health.apiVersion} in Stripe (Developers → Webhooks), or let Recur register its own (PUBLIC_URL
      without STRIPE_WEBHOOK_SECRET).
    </Alert>
  );
}
