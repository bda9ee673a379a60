import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** Issue 15: customers' externalId, signup links and portal sessions for apps. (Being written.) */
export const migration: Migration = {
  name: '022-linked-accounts',
  async up(_qi: QueryInterface) {},
  async down(_qi: QueryInterface) {},
};
