import { useState } from 'react';
import AddCardIcon from '@mui/icons-material/AddCard';
import { Button, Confirm, useGetList, useRecordContext } from 'react-admin';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import { currencyDigits, formatMoney } from '../../shared/money';
import type { ChargeResult } from '../../shared/charges';
import type { Customer, Subscription } from '../types';

type When = 'now' | 'next_invoice';

/**
 * A one-time charge: an amount in major units (converted to the currency's minor units), on the
 * customer's next invoice or invoiced and charged now. Each opening of the dialog makes one
 * requestId, so a double click on Charge reaches Stripe with the same idempotency keys: one charge.
 */
export function AddChargeButton() {
  const customer = useRecordContext<Customer>();
  const canWrite = useCanWrite();
  const { data: subscriptions } = useGetList<Subscription>(
    'subscriptions',
    {
      filter: { customerId: customer?.id },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'createdAt', order: 'DESC' },
    },
    { enabled: !!customer },
  );
  const [open, setOpen] = useState(false);
  const [requestId, setRequestId] = useState('');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [when, setWhen] = useState<When>('next_invoice');
  const charge = useAction((p, id: Customer['id'], request: Parameters<typeof p.chargeCustomer>[1]) => p.chargeCustomer(id, request), {
    success: (result: ChargeResult) => ({
      message:
        result.status === 'pending'
          ? `${formatMoney(result.amount, result.currency)} added to the next invoice`
          : `${formatMoney(result.amount, result.currency)} charged (${result.status})`,
    }),
    onDone: () => setOpen(false),
  });
  if (!customer || !canWrite || customer.deleted) return null;
  const currency = (customer.currency ?? subscriptions?.[0]?.currency ?? 'usd').toLowerCase();
  const scale = 10 ** currencyDigits(currency);
  const minor = Math.round(Number(amount) * scale);
  const validAmount = amount.trim() !== '' && Number.isFinite(minor) && minor > 0 && Math.abs(Number(amount) * scale - minor) < 1e-6;
  const validDescription = description.trim().length > 0 && description.length <= 500;
  return (
    <>
      <Button
        label="Add charge"
        onClick={() => {
          setRequestId(crypto.randomUUID());
          setAmount('');
          setDescription('');
          setWhen('next_invoice');
          setOpen(true);
        }}
      >
        <AddCardIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={charge.running}
        title="Add a one-time charge"
        confirm={when === 'now' ? 'Charge now' : 'Add to next invoice'}
        content={
          <Stack spacing={2} sx={{ mt: 1, minWidth: 320 }}>
            <TextField
              label={`Amount (${currency.toUpperCase()})`}
              type="number"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
              error={amount !== '' && !validAmount}
              helperText={validAmount ? formatMoney(minor, currency) : `More than zero, at most ${currencyDigits(currency)} decimals`}
              slotProps={{ htmlInput: { name: 'amount', min: 0, step: 1 / scale } }}
            />
            <TextField
              label="Description"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              error={description.length > 500}
              helperText="Shown on the invoice"
              slotProps={{ htmlInput: { name: 'description', maxLength: 500 } }}
            />
            <TextField select label="When" value={when} onChange={(event) => setWhen(event.target.value as When)} slotProps={{ htmlInput: { name: 'when' } }}>
              <MenuItem value="next_invoice">On the next invoice</MenuItem>
              <MenuItem value="now">Now: invoice and charge the card on file</MenuItem>
            </TextField>
          </Stack>
        }
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (!validAmount || !validDescription) return;
          await charge.execute(customer.id, { amount: minor, currency, description: description.trim(), when, requestId });
        }}
      />
    </>
  );
}
