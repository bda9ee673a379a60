import { useState } from 'react';
import UndoIcon from '@mui/icons-material/Undo';
import { Button, Confirm, useRecordContext } from 'react-admin';
import TextField from '@mui/material/TextField';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import { currencyDigits, formatMoney } from '../../shared/money';
import type { Payment } from '../types';

/** '12.5' in a two-decimal currency → 1250; undefined for an empty or unreadable entry. */
function toMinor(major: string, currency: string): number | undefined {
  const value = Number(major.replace(',', '.'));
  if (!major.trim() || !Number.isFinite(value) || value <= 0) return undefined;
  return Math.round(value * 10 ** currencyDigits(currency));
}

/** Refund in full (the amount left blank) or in part, after a confirmation naming the amount. */
export function RefundButton() {
  const payment = useRecordContext<Payment>();
  const canWrite = useCanWrite();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const { execute, running } = useAction((provider, id: Payment['id'], minor?: number) => provider.refundPayment(id, minor), {
    success: (result) => ({ message: `Refunded; the payment is now ${result.status}` }),
  });
  if (!payment || !canWrite || payment.status === 'failed' || payment.status === 'refunded') return null;
  const refundable = payment.amount - (payment.refundedAmount ?? 0);
  const minor = toMinor(amount, payment.currency);
  const invalid = amount.trim() !== '' && (minor === undefined || minor > refundable);
  return (
    <>
      <Button
        label="Refund"
        disabled={running}
        onClick={(event) => {
          event.stopPropagation();
          setAmount('');
          setOpen(true);
        }}
      >
        <UndoIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={running}
        title="Refund this payment?"
        confirm={`Refund ${formatMoney(minor ?? refundable, payment.currency)}`}
        confirmColor="warning"
        content={
          <TextField
            label={`Amount (leave empty for the full ${formatMoney(refundable, payment.currency)})`}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            error={invalid}
            helperText={invalid ? `At most ${formatMoney(refundable, payment.currency)}` : ' '}
            slotProps={{ htmlInput: { inputMode: 'decimal', name: 'refundAmount' } }}
            fullWidth
            autoFocus
          />
        }
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (invalid) return;
          await execute(payment.id, minor);
          setOpen(false);
        }}
      />
    </>
  );
}
