// Turns an OpenAPI document into TypeScript types for openapi-fetch (the tests generate a client from /api/v1/openapi.json).
import openapiTS, { astToString } from 'openapi-typescript';

/** @param {object} document an OpenAPI 3.x document @returns {Promise<string>} the `paths` types as TypeScript source */
export async function typesFor(document) {
  return astToString(await openapiTS(document));
}
