import type { ResourceProps } from 'react-admin';
import { InvoiceList } from './InvoiceList';

export const invoices = {
  list: InvoiceList,
  recordRepresentation: 'number',
} satisfies Omit<ResourceProps, 'name'>;
