import type { MouseEvent } from 'react';
import { Link, ReferenceField, TextField, useCreatePath, useRecordContext } from 'react-admin';
import type { Payment } from '../types';

/**
 * The payments list joins the customer's e-mail into each row, so a page of payments costs no
 * second request; a record without it (a show page, an older server) falls back to the reference.
 */
export function CustomerEmailField() {
  const payment = useRecordContext<Payment>();
  const createPath = useCreatePath();
  if (!payment) return null;
  if (payment.customerEmail) {
    return (
      <Link to={createPath({ resource: 'customers', id: payment.customerId, type: 'show' })} onClick={(event: MouseEvent) => event.stopPropagation()}>
        {payment.customerEmail}
      </Link>
    );
  }
  return (
    <ReferenceField source="customerId" reference="customers" link="show">
      <TextField source="email" />
    </ReferenceField>
  );
}
