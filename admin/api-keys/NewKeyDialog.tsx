import { useState } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';

interface NewKeyDialogProps {
  name: string;
  secret: string;
  onClose: () => void;
}

/** The one moment the key exists outside its owner's hands: the server keeps only its hash. */
export function NewKeyDialog({ name, secret, onClose }: NewKeyDialogProps) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    // The clipboard API needs a secure context (https or localhost); elsewhere the field stays selectable.
    await navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  }
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth data-testid="new-api-key-dialog">
      <DialogTitle>API key “{name}” created</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>Copy it now: it is shown this once and cannot be shown again. Revoke it and create another if it is lost.</DialogContentText>
        <TextField value={secret} fullWidth slotProps={{ input: { readOnly: true }, htmlInput: { 'data-testid': 'new-api-key' } }} onFocus={(event) => event.target.select()} />
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
        <Button variant="contained" onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
