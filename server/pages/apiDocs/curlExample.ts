import { resolveSchema, scopesOf, type ApiDocument, type OperationEntry, type Schema } from './document';

const MAX_DEPTH = 6;

/**
 * A value the schema accepts, for the page's curl line: the schema's own example when it has one,
 * else a plausible value of its type. Only required properties, so the line stays short.
 */
export function exampleValue(document: ApiDocument, given: Schema, depth = 0): unknown {
  const schema = resolveSchema(document, given);
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.length) return exampleValue(document, choice.find((s) => s.type !== 'null') ?? choice[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (depth > MAX_DEPTH) return null;
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      // With nothing required (one of two fields, say, as a refinement the schema cannot state), the first field.
      const shown = properties.filter(([name]) => schema.required?.includes(name));
      return Object.fromEntries((shown.length ? shown : properties.slice(0, 1)).map(([name, property]) => [name, exampleValue(document, property, depth + 1)]));
    }
    case 'array':
      return schema.items ? [exampleValue(document, schema.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema);
    default:
      return null;
  }
}

function stringExample(schema: Schema): string {
  if (schema.format === 'email') return 'ada@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://app.example.com/account';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  return 'string';
}

/** Single quotes for the shell: a quote inside becomes '\'' (close, escaped quote, reopen). */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A curl command for one operation, with the server's own URL and the key in an environment variable. */
export function curlExample(document: ApiDocument, { method, path, operation }: OperationEntry): string {
  const server = document.servers?.[0]?.url ?? '';
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    const example = parameter?.example ?? (parameter?.schema ? exampleValue(document, parameter.schema) : undefined);
    return encodeURIComponent(typeof example === 'string' || typeof example === 'number' ? String(example) : name);
  });
  const lines = [`curl -X ${method.toUpperCase()} ${shellQuote(`${server}${filled}`)}`];
  // Double quotes: the shell puts the key in from the environment, so it is never pasted into a history.
  if (scopesOf(document, operation).keyed) lines.push(`  -H "Authorization: Bearer $RECUR_API_KEY"`);
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) lines.push(`  -H 'Content-Type: application/json'`, `  -d ${shellQuote(JSON.stringify(exampleValue(document, body)))}`);
  return lines.join(' \\\n');
}
