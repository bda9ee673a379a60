import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useRecordContext } from 'react-admin';
import type { Customer } from '../types';

/**
 * A customer deleted in Stripe stays in Recur with its history (Stripe deletes for good and cancels
 * its subscriptions); this marks it wherever it is shown, so nobody mistakes it for a live one.
 */
export function DeletedMarker() {
  const customer = useRecordContext<Customer>();
  if (!customer?.deleted) return null;
  const when = customer.deletedAt ? new Date(customer.deletedAt).toLocaleString() : null;
  return (
    <Tooltip title={when ? `Deleted in Stripe on ${when}` : 'Deleted in Stripe'}>
      <Chip label="Deleted" size="small" color="error" variant="outlined" sx={{ ml: 1 }} data-testid="customer-deleted" />
    </Tooltip>
  );
}
