import { fetchUtils } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';

// Same-origin API with the session cookie. fetchJson rejects with an HttpError whose message is
// the server's `message` and whose body keeps `errors`, which is what react-admin notifies with
// and what forms map onto their fields.
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  return fetchUtils.fetchJson(url, { ...options, credentials: 'include' });
}

export const dataProvider = simpleRestProvider('/api', httpClient);
