/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { schemaName, type Schema } from './document';
import { Text } from './Text';

/** Deep enough for any body Recur takes (nesting is bounded at the door too); a cycle stops here. */
const MAX_DEPTH = 8;

const literal = (value: unknown) => JSON.stringify(value);
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** One line for a schema's type: a link for a named schema, `string | null` for a nullable one. */
export function TypeLabel({ schema }: { schema: Schema }): Child {
  if (schema.$ref) {
    const name = schemaName(schema.$ref);
    return <a href={`#schema-${name}`}>{name}</a>;
  }
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice)
    return (
      <>
        {choice.map((s, i) => (
          <>
            {i > 0 && ' | '}
            <TypeLabel schema={s} />
          </>
        ))}
      </>
    );
  if (schema.allOf)
    return (
      <>
        {schema.allOf.map((s, i) => (
          <>
            {i > 0 && ' & '}
            <TypeLabel schema={s} />
          </>
        ))}
      </>
    );
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const named = types.map((type) => {
    if (type === 'array' && schema.items)
      return (
        <>
          array of <TypeLabel schema={schema.items} />
        </>
      );
    if (type === 'object' && typeof schema.additionalProperties === 'object' && !schema.properties)
      return (
        <>
          map of string to <TypeLabel schema={schema.additionalProperties} />
        </>
      );
    return (
      <>
        {type}
        {type === 'string' && schema.format ? ` (${schema.format})` : ''}
      </>
    );
  });
  if (named.length === 0) return schema.const !== undefined ? <code>{literal(schema.const)}</code> : 'any JSON value';
  return (
    <>
      {named.map((n, i) => (
        <>
          {i > 0 && ' | '}
          {n}
        </>
      ))}
    </>
  );
}

/** The limits a value must keep, as a reader would say them. */
function constraints(schema: Schema): string[] {
  const said: string[] = [];
  if (schema.enum) said.push(`one of ${schema.enum.map(literal).join(', ')}`);
  if (schema.const !== undefined && schema.type) said.push(`always ${literal(schema.const)}`);
  if (schema.minLength !== undefined) said.push(`at least ${count(schema.minLength, 'character')}`);
  if (schema.maxLength !== undefined) said.push(`at most ${count(schema.maxLength, 'character')}`);
  if (schema.minimum !== undefined) said.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') said.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) said.push(`≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === 'number') said.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minItems !== undefined) said.push(`at least ${count(schema.minItems, 'item')}`);
  if (schema.maxItems !== undefined) said.push(`at most ${count(schema.maxItems, 'item')}`);
  if (schema.pattern) said.push(`matches /${schema.pattern}/`);
  if (schema.default !== undefined) said.push(`default ${literal(schema.default)}`);
  if (schema.example !== undefined) said.push(`e.g. ${literal(schema.example)}`);
  return said;
}

/** The properties inside a schema (an object, or an array of objects), if it has any of its own. */
function innerObject(schema: Schema): Schema | undefined {
  if (schema.properties) return schema;
  if (schema.items && !schema.items.$ref && schema.items.properties) return schema.items;
  const choice = (schema.anyOf ?? schema.oneOf)?.filter((s) => s.type !== 'null');
  if (choice?.length === 1 && !choice[0].$ref) return innerObject(choice[0]);
  return undefined;
}

/** The fields of an object as a nested list: name, type, required or not, description and limits. */
function Fields({ object, depth }: { object: Schema; depth: number }): Child {
  const required = new Set(object.required ?? []);
  return (
    <ul class="fields">
      {Object.entries(object.properties ?? {}).map(([name, property]) => {
        const said = constraints(property);
        const inner = depth < MAX_DEPTH ? innerObject(property) : undefined;
        return (
          <li>
            <code class="name">{name}</code>{' '}
            <span class="type">
              <TypeLabel schema={property} />
            </span>{' '}
            <span class={required.has(name) ? 'required' : 'optional'}>{required.has(name) ? 'required' : 'optional'}</span>
            {property.description ? (
              <span class="description">
                {' '}
                — <Text>{property.description}</Text>
              </span>
            ) : null}
            {said.length ? <span class="limits"> ({said.join('; ')})</span> : null}
            {inner ? <Fields object={inner} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** A schema: its type (a link when it is a named one) and, for an object written in place, its fields. */
export function SchemaView({ schema }: { schema: Schema }): Child {
  const object = schema.$ref ? undefined : innerObject(schema);
  return (
    <>
      {object === schema ? null : (
        <p class="type">
          <TypeLabel schema={schema} />
          {schema.description ? (
            <>
              {' '}
              — <Text>{schema.description}</Text>
            </>
          ) : null}
        </p>
      )}
      {object ? <Fields object={object} depth={0} /> : null}
    </>
  );
}
