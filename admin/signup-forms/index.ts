import type { ResourceProps } from 'react-admin';
import AssignmentIcon from '@mui/icons-material/Assignment';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Lazy: the form editor (array inputs, the embed aside) loads when first opened, so the
// admin's initial bundle does not grow with it.
export const signupForms = {
  list: lazyScreen(() => import('./SignupFormList').then((m) => m.default)),
  create: lazyScreen(() => import('./SignupFormCreate').then((m) => m.default)),
  edit: lazyScreen(() => import('./SignupFormEdit').then((m) => m.default)),
  show: lazyScreen(() => import('./SignupFormShow').then((m) => m.default)),
  icon: menuIcon(AssignmentIcon, 'AssignmentIcon'),
  recordRepresentation: 'title',
  options: { label: 'Signup forms' },
} satisfies Omit<ResourceProps, 'name'>;
