import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** Issue 15: features (entitlements) and their values per plan. (Being written.) */
export const migration: Migration = {
  name: '023-features',
  async up(_qi: QueryInterface) {},
  async down(_qi: QueryInterface) {},
};
