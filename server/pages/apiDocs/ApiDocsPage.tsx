/** @jsxImportSource hono/jsx */
import { fullPath, operationsOf, type ApiDocument } from './document';
import { OperationView, operationAnchor } from './OperationView';
import { SchemaView } from './SchemaView';
import { WebhookView, webhookAnchor } from './WebhookView';
import { Text } from './Text';

/** No script and no external asset: the page reads the same under the strict CSP, offline, and without JavaScript. */
const STYLE = `
*{box-sizing:border-box}body{font:15px/1.55 system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1d2433}
main{max-width:980px;margin:0 auto;padding:24px 32px 64px;background:#fff;min-height:100vh}
h1{margin:8px 0}h2{margin-top:40px;border-bottom:1px solid #dde1ea;padding-bottom:4px}h3{margin:0 0 4px;font-size:1.1rem}h4{margin:16px 0 4px;font-size:.95rem}
code,pre{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#1d2433;color:#e9ecf3;padding:12px;border-radius:8px;overflow-x:auto}
.operation{border:1px solid #dde1ea;border-radius:10px;padding:16px 20px;margin:20px 0}
.method{display:inline-block;min-width:64px;text-align:center;padding:2px 8px;border-radius:6px;color:#fff;font-size:.8rem;font-weight:700}
.get{background:#2f7d4f}.post{background:#3b5bdb}.put,.patch{background:#b7791f}.delete{background:#b3261e}
.summary{font-weight:600;margin:4px 0}.scope{background:#eef2ff;padding:6px 10px;border-radius:6px}
table{border-collapse:collapse;width:100%}td code{white-space:nowrap}th,td{text-align:left;border-bottom:1px solid #eceef3;padding:4px 8px;vertical-align:top}
.fields{margin:4px 0;padding-left:20px}.fields li{margin:2px 0}.required{color:#b3261e;font-size:.8rem}.optional{color:#6b7385;font-size:.8rem}
.limits,.content-type{color:#4a5263;font-size:.85rem}.type{margin:2px 0}
dl.responses{display:grid;grid-template-columns:56px 1fr;gap:4px 12px}dt.status{font-weight:700}.s2{color:#2f7d4f}.s4,.s5{color:#b3261e}dd{margin:0}
nav ul{columns:2;padding-left:20px}
`;

/** The reference page: every operation of the document, then its named schemas, linked both ways. */
export function ApiDocsPage({ document }: { document: ApiDocument }) {
  const operations = operationsOf(document);
  const webhooks = operationsOf(document, 'webhooks');
  const schemes = Object.values(document.components?.securitySchemes ?? {});
  const schemas = Object.entries(document.components?.schemas ?? {});
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${document.info.title} reference`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>{document.info.title}</h1>
          <p>
            Version {document.info.version}. <Text>{document.info.description ?? ''}</Text>
          </p>
          <p>
            Base URL: <code>{document.servers?.[0]?.url ?? '/'}</code>. The machine-readable description is{' '}
            <a href={fullPath(document, '/openapi.json')}>openapi.json</a> (OpenAPI {document.openapi}): generate a client from it.
          </p>
          <h2 id="authentication">Authentication</h2>
          <p>
            Send an API key as <code>Authorization: Bearer &lt;key&gt;</code>. A missing, unknown or revoked key answers 401; a key without the scope an
            operation needs answers 403, naming the scope.
          </p>
          {schemes.map((scheme) =>
            scheme.description ? (
              <p>
                <Text>{scheme.description}</Text>
              </p>
            ) : null,
          )}
          <h2 id="operations">Operations</h2>
          <nav>
            <ul>
              {operations.map((entry) => (
                <li>
                  <a href={`#${operationAnchor(entry)}`}>
                    {entry.method.toUpperCase()} {fullPath(document, entry.path)}
                  </a>
                  {entry.operation.summary ? ` — ${entry.operation.summary}` : ''}
                </li>
              ))}
            </ul>
          </nav>
          {operations.map((entry) => (
            <OperationView document={document} entry={entry} />
          ))}
          {webhooks.length ? (
            <>
              <h2 id="webhooks">Webhooks</h2>
              <p>Events Recur sends to your endpoints, as {webhooks.length} kinds of request:</p>
              <nav>
                <ul>
                  {webhooks.map((entry) => (
                    <li>
                      <a href={`#${webhookAnchor(entry.path)}`}>{entry.path}</a>
                    </li>
                  ))}
                </ul>
              </nav>
              {webhooks.map((entry) => (
                <WebhookView document={document} entry={entry} />
              ))}
            </>
          ) : null}
          {schemas.length ? <h2 id="schemas">Schemas</h2> : null}
          {schemas.map(([name, schema]) => (
            <section class="operation" id={`schema-${name}`}>
              <h3>{name}</h3>
              {schema.description ? (
                <p>
                  <Text>{schema.description}</Text>
                </p>
              ) : null}
              <SchemaView schema={schema} />
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
