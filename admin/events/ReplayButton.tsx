import ReplayIcon from '@mui/icons-material/Replay';
import { useRecordContext } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import type { InboxEvent } from '../types';

/** Puts a stored event back in the queue; applying is idempotent, so a processed one may be replayed too. */
export function ReplayButton() {
  const event = useRecordContext<InboxEvent>();
  const canWrite = useCanWrite();
  const { execute, running } = useAction((provider, id: InboxEvent['id']) => provider.replayEvent(id), {
    success: (result) => ({
      message: `Replayed: ${result.status}${result.error ? ` (${result.error})` : ''}`,
      type: result.status === 'failed' ? 'warning' : 'success',
    }),
  });
  if (!event || !canWrite) return null;
  return (
    <ConfirmButton
      label="Replay"
      icon={<ReplayIcon />}
      disabled={event.status === 'pending'}
      running={running}
      title={`Replay ${event.type}?`}
      content="The event is applied again from its stored payload."
      onConfirm={() => execute(event.id)}
    />
  );
}
