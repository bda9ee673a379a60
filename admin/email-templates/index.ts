import type { ResourceProps } from 'react-admin';
import DraftsIcon from '@mui/icons-material/Drafts';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const EmailTemplateList = lazyScreen(() => import('./EmailTemplateList').then((m) => m.default));
const EmailTemplateEdit = lazyScreen(() => import('./EmailTemplateEdit').then((m) => m.default));

export const emailTemplates = {
  list: EmailTemplateList,
  edit: EmailTemplateEdit,
  icon: menuIcon(DraftsIcon, 'DraftsIcon'),
  recordRepresentation: 'key',
} satisfies Omit<ResourceProps, 'name'>;
