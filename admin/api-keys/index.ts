import type { ResourceProps } from 'react-admin';
import { ApiKeyCreate } from './ApiKeyCreate';
import { ApiKeyList } from './ApiKeyList';

export const apiKeys = {
  list: ApiKeyList,
  create: ApiKeyCreate,
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
