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

/** The refundable amount as the field shows it: 19.00, ¥500 as 500. */
function toMajor(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * Refund after a confirmation naming the amount. The field starts at what is left to refund, so a
 * full refund is that amount, sent as such: the API never takes a missing amount to mean "all"
 * (and an amount, unlike "the rest", cannot grow if another refund lands in between).
 */
export function RefundButton() {
  const payment = useRecordContext<Payment>();
  const canWrite = useCanWrite();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const { execute, running } = useAction((provider, id: Payment['id'], minor: number) => provider.refundPayment(id, { amount: minor }), {
    success: (result) => ({ message: `Refunded; the payment is now ${result.status}` }),
  });
  if (!payment || !canWrite || payment.status === 'failed' || payment.status === 'refunded') return null;
  const refundable = payment.amount - (payment.refundedAmount ?? 0);
  const minor = toMinor(amount, payment.currency);
  const invalid = minor === undefined || minor > refundable;
  const problem = minor === undefined ? 'Enter the amount to refund' : `At most ${formatMoney(refundable, payment.currency)}`;
  return (
    <>
      <Button
        label="Refund"
        disabled={running}
        onClick={(event) => {
          event.stopPropagation();
          setAmount(toMajor(refundable, payment.currency));
          setOpen(true);
        }}
      >
        <UndoIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={running}
        title="Refund this payment?"
        confirm={minor === undefined ? 'Refund' : `Refund ${formatMoney(minor, payment.currency)}`}
        confirmColor="warning"
        content={
          <TextField
            label={`Amount (${formatMoney(refundable, payment.currency)} can be refunded)`}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            error={invalid}
            helperText={invalid ? problem : minor === refundable ? 'The full amount left' : 'A partial refund'}
            slotProps={{ htmlInput: { inputMode: 'decimal', name: 'refundAmount' } }}
            fullWidth
            autoFocus
          />
        }
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (invalid || minor === undefined) return;
          await execute(payment.id, minor);
          setOpen(false);
        }}
      />
    </>
  );
}
