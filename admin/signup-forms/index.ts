import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

// Lazy: the form editor (array inputs, the embed aside) loads when first opened, so the
// admin's initial bundle does not grow with it.
export const signupForms = {
  list: lazy(() => import('./SignupFormList')),
  create: lazy(() => import('./SignupFormCreate')),
  edit: lazy(() => import('./SignupFormEdit')),
  show: lazy(() => import('./SignupFormShow')),
  recordRepresentation: 'title',
  options: { label: 'Signup forms' },
} satisfies Omit<ResourceProps, 'name'>;
