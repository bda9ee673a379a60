import BlockIcon from '@mui/icons-material/Block';
import { useRecordContext } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useAction } from '../common/useAction';
import type { ApiKey } from '../types';

/**
 * Revoking is the API's DELETE, but the row stays (revoked, with its history), so this is an
 * action that refreshes the list rather than react-admin's delete that drops the row.
 */
export function RevokeButton() {
  const key = useRecordContext<ApiKey>();
  const { execute, running } = useAction((provider, record: ApiKey) => provider.delete<ApiKey>('api-keys', { id: record.id, previousData: record }), {
    success: () => ({ message: 'API key revoked' }),
  });
  if (!key || key.revokedAt) return null;
  return (
    <ConfirmButton
      label="Revoke"
      icon={<BlockIcon />}
      running={running}
      color="warning"
      title={`Revoke “${key.name}”?`}
      content="Calls with this key are refused from now on. This cannot be undone."
      onConfirm={() => execute(key)}
    />
  );
}
