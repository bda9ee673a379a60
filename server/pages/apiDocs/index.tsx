/** @jsxImportSource hono/jsx */
import type { Handler } from 'hono';
import { ApiDocsPage } from './ApiDocsPage';
import type { ApiDocument } from './document';

export type { ApiDocument } from './document';

/**
 * GET /api/v1/docs: the reference page, rendered on the server from the same document as
 * /api/v1/openapi.json, so a route declared with createRoute appears here with nothing else to do.
 * Rendered at the first request (every route is mounted by then) and kept: the document cannot change
 * while the process runs.
 */
export function apiDocsPage(document: () => ApiDocument): Handler {
  let html: Promise<string> | undefined;
  return async (c) => {
    html ??= Promise.resolve((<ApiDocsPage document={document()} />).toString()).then((page) => `<!DOCTYPE html>${page}`);
    return c.html(await html);
  };
}
