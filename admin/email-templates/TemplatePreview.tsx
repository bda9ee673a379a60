import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useWatch } from 'react-hook-form';
import { useRecordContext } from 'react-admin';
import { renderTemplate, SAMPLE_DATA, type TemplateKey } from '../../shared/emailTemplates';
import type { EmailTemplate } from '../types';

const pre = { margin: 0, whiteSpace: 'pre-wrap', fontSize: 13, fontFamily: 'monospace' } as const;

/**
 * The message as a customer would get it, rendered with sample values from what is typed now —
 * by the same function the server sends with (shared/emailTemplates.ts).
 */
export function TemplatePreview() {
  const template = useRecordContext<EmailTemplate>();
  const [subject, textBody, htmlBody] = useWatch({ name: ['subject', 'textBody', 'htmlBody'] }) as [
    string | undefined,
    string | undefined,
    string | null | undefined,
  ];
  if (!template) return null;
  const key = template.key as TemplateKey;
  const rendered = renderTemplate({ subject: subject ?? '', textBody: textBody ?? '', htmlBody: htmlBody || null }, SAMPLE_DATA[key]);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="template-preview">
      <Typography variant="overline">Preview, with sample data</Typography>
      <Typography variant="subtitle1" data-testid="preview-subject" sx={{ fontWeight: 600 }}>
        {rendered.subject}
      </Typography>
      <pre style={pre} data-testid="preview-text">
        {rendered.text}
      </pre>
      <Typography variant="overline" component="div" sx={{ mt: 2 }}>
        HTML
      </Typography>
      {/* sandboxed: the admin's own HTML runs no script and reaches nothing of the panel */}
      <iframe title="HTML preview" sandbox="" srcDoc={rendered.html} style={{ width: '100%', minHeight: 240, border: 0, background: '#fff' }} />
    </Paper>
  );
}
