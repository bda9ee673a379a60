/** @jsxImportSource hono/jsx */
import { curlExample } from './curlExample';
import { fullPath, scopesOf, type ApiDocument, type OperationEntry } from './document';
import { Parameters, RequestBody, Responses } from './Parts';
import { Text } from './Text';

/** `get /users/{externalId}/subscription` → `get-users-externalId-subscription`: a stable anchor to link to. */
export function operationAnchor({ method, path }: Pick<OperationEntry, 'method' | 'path'>): string {
  return `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

function Scope({ document, entry }: { document: ApiDocument; entry: OperationEntry }) {
  const { keyed, scopes } = scopesOf(document, entry.operation);
  if (!keyed) return <p class="scope">Public: no API key needed.</p>;
  return (
    <p class="scope">
      Requires an API key
      {scopes.length ? (
        <>
          {' '}
          with the scope{' '}
          {scopes.map((scope, i) => (
            <>
              {i > 0 && ' and '}
              <code>{scope}</code>
            </>
          ))}
        </>
      ) : null}
      .
    </p>
  );
}

/** One operation, everything a caller needs: what it does, who may call it, what it takes and answers. */
export function OperationView({ document, entry }: { document: ApiDocument; entry: OperationEntry }) {
  const { method, path, operation } = entry;
  return (
    <section class="operation" id={operationAnchor(entry)}>
      <h3>
        <span class={`method ${method}`}>{method.toUpperCase()}</span> <code class="path">{fullPath(document, path)}</code>
      </h3>
      {operation.summary ? <p class="summary">{operation.summary}</p> : null}
      {operation.description ? (
        <p>
          <Text>{operation.description}</Text>
        </p>
      ) : null}
      <Scope document={document} entry={entry} />
      <Parameters operation={operation} />
      <RequestBody document={document} operation={operation} />
      <Responses document={document} operation={operation} />
      <h4>Example</h4>
      <pre>
        <code>{curlExample(document, entry)}</code>
      </pre>
    </section>
  );
}
