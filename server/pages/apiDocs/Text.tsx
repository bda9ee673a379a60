/** @jsxImportSource hono/jsx */

/**
 * A description as OpenAPI writes it (CommonMark), of which Recur's use only `code` spans: those
 * become <code>, the rest stays text (escaped by hono/jsx). No HTML from the document is let through.
 */
export function Text({ children }: { children: string }) {
  const parts = children.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}
