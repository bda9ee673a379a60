import { typesFor } from 'recur-openapi-client-gen';

/** Where the generated client types live: committed, so a change to /api/v1 shows up in review as a diff. */
export const API_TYPES_FILE = 'test/api-client/recur-api.d.ts';

const HEADER = `/**
 * Generated from Recur's /api/v1/openapi.json by openapi-typescript: do not edit by hand.
 * Regenerate with \`npm run api:types\` after changing an /api/v1 route; test/server/api-client.test.ts
 * fails while this file differs from what the live document generates.
 */

`;

/** The committed file's whole text for a document: the script writes it, the test compares with it. */
export async function apiTypesSource(document: object): Promise<string> {
  return HEADER + (await typesFor(document));
}
