import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** Issue 15: outgoing webhooks (endpoints, Recur's own events, deliveries). (Being written.) */
export const migration: Migration = {
  name: '021-app-webhooks',
  async up(_qi: QueryInterface) {},
  async down(_qi: QueryInterface) {},
};
