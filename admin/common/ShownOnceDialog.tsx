import { useState, type ReactNode } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';

interface ShownOnceDialogProps {
  title: ReactNode;
  /** what the secret is for, and that it is not shown again */
  explanation: ReactNode;
  secret: string;
  onClose: () => void;
  /** test ids of the dialog and of the field holding the secret */
  testIds: { dialog: string; field: string };
}

/** A secret the server will never show again (an API key, a webhook signing secret): shown, selectable, copyable. */
export function ShownOnceDialog({ title, explanation, secret, onClose, testIds }: ShownOnceDialogProps) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    // The clipboard API needs a secure context (https or localhost); elsewhere the field stays selectable.
    await navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth data-testid={testIds.dialog}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{explanation}</DialogContentText>
        <TextField
          value={secret}
          fullWidth
          slotProps={{ input: { readOnly: true }, htmlInput: { 'data-testid': testIds.field } }}
          onFocus={(event) => event.target.select()}
        />
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
