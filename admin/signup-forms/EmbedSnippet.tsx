import { useState } from 'react';
import { useRecordContext } from 'react-admin';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SignupFormRecord } from '../types';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The HTML a business pastes into its own site to show the form (the page allows any site to frame it). */
export function embedSnippet(base: string, form: Pick<SignupFormRecord, 'slug' | 'title'>): string {
  return `<iframe src="${base}/signup/${form.slug}" title="${escapeAttr(form.title)}" width="100%" height="760" style="border:0;max-width:600px" loading="lazy"></iframe>`;
}

/** Aside of the form's edit and show pages: the embed snippet with a copy button, and a link to the live form. */
export function EmbedSnippet() {
  const record = useRecordContext<SignupFormRecord>();
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  if (!record) return null;
  const base = window.location.origin;
  const snippet = embedSnippet(base, record);
  // The clipboard API exists only on https and localhost: elsewhere the admin selects the text.
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Card sx={{ width: 360, ml: 2, flexShrink: 0 }} data-testid="embed-snippet">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Embed this form
        </Typography>
        <Typography variant="body2" gutterBottom>
          Paste this into any web page:
        </Typography>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, padding: 8, borderRadius: 4, background: 'rgba(127,127,127,0.12)' }}>
          <code>{snippet}</code>
        </pre>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button variant="outlined" size="small" onClick={() => void copy()}>
            {copied === 'yes' ? 'Copied' : 'Copy snippet'}
          </Button>
          <Link href={`${base}/signup/${record.slug}`} target="_blank" rel="noopener">
            Open the form
          </Link>
        </Stack>
        {copied === 'failed' && <Typography variant="caption">This browser does not allow copying here: select the text and copy it.</Typography>}
      </CardContent>
    </Card>
  );
}
