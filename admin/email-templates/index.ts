import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';
import MailOutlineIcon from '@mui/icons-material/EmailOutlined';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const EmailTemplateList = lazy(() => import('./EmailTemplateList'));
const EmailTemplateEdit = lazy(() => import('./EmailTemplateEdit'));

export const emailTemplates = {
  list: EmailTemplateList,
  edit: EmailTemplateEdit,
  icon: MailOutlineIcon,
  recordRepresentation: 'key',
} satisfies Omit<ResourceProps, 'name'>;
