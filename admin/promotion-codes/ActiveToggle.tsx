import { Button, useRecordContext, useUpdate, useNotify } from 'react-admin';
import { useCanWrite } from '../common/permissions';
import type { PromotionCode } from '../types';

/** Deactivate (or reactivate) a code: PUT {active}, which Stripe allows at any time. */
export function ActiveToggle() {
  const code = useRecordContext<PromotionCode>();
  const canWrite = useCanWrite();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<PromotionCode>();
  if (!code || !canWrite) return null;
  return (
    <Button
      label={code.active ? 'Deactivate' : 'Activate'}
      disabled={isPending}
      onClick={() =>
        update(
          'promotion-codes',
          { id: code.id, data: { active: !code.active }, previousData: code },
          {
            mutationMode: 'pessimistic',
            onSuccess: () => notify(code.active ? 'Code deactivated' : 'Code activated', { type: 'success' }),
            onError: (error) => notify(error instanceof Error ? error.message : 'Failed', { type: 'error' }),
          },
        )
      }
    />
  );
}
