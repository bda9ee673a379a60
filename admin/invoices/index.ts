import type { ResourceProps } from 'react-admin';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const InvoiceList = lazyScreen(() => import('./InvoiceList').then((m) => m.InvoiceList));

export const invoices = {
  list: InvoiceList,
  icon: menuIcon(ReceiptLongIcon, 'ReceiptLongIcon'),
  recordRepresentation: 'number',
} satisfies Omit<ResourceProps, 'name'>;
