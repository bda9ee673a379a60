import SendIcon from '@mui/icons-material/Send';
import { useState } from 'react';
import { useNotify, useRecordContext, useRedirect } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useCanWrite } from '../common/permissions';
import { httpClient } from '../providers/dataProvider';
import type { OutboxNotification } from '../types';

/** Queues the e-mail again as a new outbox row (rendered afresh) and opens that row. */
export function ResendButton() {
  const notification = useRecordContext<OutboxNotification>();
  const canWrite = useCanWrite();
  const notify = useNotify();
  const redirect = useRedirect();
  const [running, setRunning] = useState(false);
  if (!notification || !canWrite) return null;
  const pending = notification.status === 'queued' || notification.status === 'sending';

  async function resend() {
    setRunning(true);
    try {
      const { json } = await httpClient(`/api/notifications/${encodeURIComponent(String(notification!.id))}/resend`, { method: 'POST', body: '{}' });
      const copy = json as OutboxNotification;
      notify(`Queued again for ${copy.to}`, { type: 'success' });
      redirect('show', 'notifications', copy.id);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'Could not re-send', { type: 'error' });
    } finally {
      setRunning(false);
    }
  }

  return (
    <ConfirmButton
      label="Re-send"
      icon={<SendIcon />}
      disabled={pending}
      running={running}
      title={`Re-send to ${notification.to}?`}
      content="The message is rendered again from its template and queued as a new e-mail."
      onConfirm={resend}
    />
  );
}
