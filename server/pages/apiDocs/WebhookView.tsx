/** @jsxImportSource hono/jsx */
import type { ApiDocument, OperationEntry } from './document';
import { Parameters, RequestBody, Responses } from './Parts';
import { Text } from './Text';

export const webhookAnchor = (name: string) => `webhook-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** One event Recur sends to the app's endpoint (the document's `webhooks`): the request Recur makes, and what it takes as an answer. */
export function WebhookView({ document, entry }: { document: ApiDocument; entry: OperationEntry }) {
  const { method, path: name, operation } = entry;
  return (
    <section class="operation" id={webhookAnchor(name)}>
      <h3>
        <span class={`method ${method}`}>{method.toUpperCase()}</span> <code class="path">{name}</code>
      </h3>
      {operation.summary && operation.summary !== name ? <p class="summary">{operation.summary}</p> : null}
      {operation.description ? (
        <p>
          <Text>{operation.description}</Text>
        </p>
      ) : null}
      <Parameters operation={operation} title="Headers" />
      <RequestBody document={document} operation={operation} title="Body" sent />
      <Responses document={document} operation={operation} title="Your endpoint answers" />
    </section>
  );
}
