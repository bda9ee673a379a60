/**
 * The parts of an OpenAPI 3.1 document the reference page reads. Kept to what it shows, so the page
 * renders whatever /api/v1/openapi.json holds (including routes added later) with no other source.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Media {
  schema?: Schema;
}

export interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
  $ref?: string;
}

export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, Media>; $ref?: string };
  responses?: Record<string, { description?: string; content?: Record<string, Media>; $ref?: string }>;
  security?: Record<string, string[]>[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = { [M in HttpMethod]?: Operation };

export interface ApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, PathItem>;
  /** what Recur sends to the app's endpoints (OpenAPI 3.1), by event type */
  webhooks?: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { type?: string; scheme?: string; description?: string }> };
  security?: Record<string, string[]>[];
}

export interface OperationEntry {
  method: HttpMethod;
  path: string;
  operation: Operation;
}

/** Every operation, in document order (the order the routes were declared in); `path` is a webhook's name. */
export function operationsOf(document: ApiDocument, of: 'paths' | 'webhooks' = 'paths'): OperationEntry[] {
  return Object.entries(document[of] ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => (item[method] ? [{ method, path, operation: item[method] }] : [])),
  );
}

/** `#/components/schemas/Error` → `Error`: the anchor the page gives each named schema. */
export function schemaName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

export function resolveSchema(document: ApiDocument, schema: Schema): Schema {
  return schema.$ref ? (document.components?.schemas?.[schemaName(schema.$ref)] ?? schema) : schema;
}

/**
 * What a caller needs to call the operation: nothing (public), or an API key with these scopes. In
 * OpenAPI 3.1 the list in a security requirement names the roles (scopes) an http scheme needs.
 */
export function scopesOf(document: ApiDocument, operation: Operation): { keyed: boolean; scopes: string[] } {
  const requirements = operation.security ?? document.security ?? [];
  if (requirements.length === 0) return { keyed: false, scopes: [] };
  return { keyed: true, scopes: [...new Set(requirements.flatMap((requirement) => Object.values(requirement).flat()))] };
}

/** The path as a caller writes it: the server's own path (/api/v1) before the document's path. */
export function fullPath(document: ApiDocument, path: string): string {
  const server = document.servers?.[0]?.url;
  if (!server) return path;
  const base = new URL(server, 'http://recur.invalid').pathname.replace(/\/$/, '');
  return `${base}${path}`;
}
