import ReplayIcon from '@mui/icons-material/Replay';
import { useRecordContext } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import { formatMoney } from '../../shared/money';
import type { Payment } from '../types';

/**
 * A failed payment can be retried by hand once (the server enforces it and answers 409 after);
 * the button disappears for other payments and stays disabled once the retry is used.
 */
export function RetryButton() {
  const payment = useRecordContext<Payment>();
  const canWrite = useCanWrite();
  const { execute, running } = useAction((provider, id: Payment['id']) => provider.retryPayment(id), {
    success: (result) => ({
      message: `Retry ${result.retryOutcome ?? 'sent'}`,
      type: result.retryOutcome === 'succeeded' ? 'success' : 'warning',
    }),
  });
  if (!payment || !canWrite || payment.status !== 'failed') return null;
  const used = !!payment.retriedAt;
  return (
    <ConfirmButton
      label={used ? 'Retried' : 'Retry'}
      icon={<ReplayIcon />}
      disabled={used}
      running={running}
      title="Retry this payment?"
      content={`Stripe charges ${formatMoney(payment.amount, payment.currency)} to the customer's card now. A payment can be retried by hand only once.`}
      onConfirm={() => execute(payment.id)}
    />
  );
}
