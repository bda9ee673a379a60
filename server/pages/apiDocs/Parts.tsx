/** @jsxImportSource hono/jsx */
import { resolveSchema, type ApiDocument, type Media, type Operation } from './document';
import { SchemaView, TypeLabel } from './SchemaView';
import { Text } from './Text';

const descriptionOf = (schema: { description?: string }) =>
  schema.description ? (
    <>
      : <Text>{schema.description}</Text>
    </>
  ) : null;

/** Request bodies are shown field by field in place, what a caller writes; answers link to their named schema. */
function Content({ document, content, expand = false }: { document: ApiDocument; content?: Record<string, Media>; expand?: boolean }) {
  if (!content) return null;
  return (
    <>
      {Object.entries(content).map(([type, media]) => (
        <div class="media">
          <span class="content-type">{type}</span>
          {media.schema && expand && media.schema.$ref ? (
            <p class="type">
              <TypeLabel schema={media.schema} />
              {descriptionOf(resolveSchema(document, media.schema))}
            </p>
          ) : null}
          {media.schema ? <SchemaView schema={expand ? resolveSchema(document, media.schema) : media.schema} /> : null}
        </div>
      ))}
    </>
  );
}

/** Path, query and header parameters as a table: name, where, type, required, description. */
export function Parameters({ operation, title = 'Parameters' }: { operation: Operation; title?: string }) {
  const parameters = operation.parameters ?? [];
  if (!parameters.length) return null;
  return (
    <>
      <h4>{title}</h4>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>In</th>
            <th>Type</th>
            <th>Required</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((p) => (
            <tr>
              <td>
                <code>{p.name}</code>
              </td>
              <td>{p.in}</td>
              <td>{p.schema ? <TypeLabel schema={p.schema} /> : ''}</td>
              <td>{p.required ? 'yes' : 'no'}</td>
              <td>
                <Text>{p.description ?? p.schema?.description ?? ''}</Text>
                {p.example !== undefined || p.schema?.example !== undefined ? (
                  <>
                    {' '}
                    e.g. <code>{String(p.example ?? p.schema?.example)}</code>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** `sent` for a webhook's body: Recur always sends one, whatever the document's `required` says. */
export function RequestBody({
  document,
  operation,
  title = 'Request body',
  sent = false,
}: {
  document: ApiDocument;
  operation: Operation;
  title?: string;
  sent?: boolean;
}) {
  const body = operation.requestBody;
  if (!body) return null;
  return (
    <>
      <h4>
        {title}
        {body.required || sent ? '' : ' (optional)'}
      </h4>
      {body.description ? (
        <p>
          <Text>{body.description}</Text>
        </p>
      ) : null}
      <Content document={document} content={body.content} expand />
    </>
  );
}

export function Responses({ document, operation, title = 'Responses' }: { document: ApiDocument; operation: Operation; title?: string }) {
  return (
    <>
      <h4>{title}</h4>
      <dl class="responses">
        {Object.entries(operation.responses ?? {}).map(([status, response]) => (
          <>
            <dt class={`status s${status.slice(0, 1)}`}>{status}</dt>
            <dd>
              <Text>{response.description ?? ''}</Text>
              <Content document={document} content={response.content} />
            </dd>
          </>
        ))}
      </dl>
    </>
  );
}
