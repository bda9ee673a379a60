import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** Per signup form: whether it offers the chosen plan's add-ons, and a seat count for per-seat plans. Off for existing forms. */
export const migration: Migration = {
  name: '019-signup-form-addons-and-seats',
  async up(qi: QueryInterface) {
    await qi.addColumn('signup_forms', 'offer_addons', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
    await qi.addColumn('signup_forms', 'offer_seats', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('signup_forms', 'offer_seats');
    await qi.removeColumn('signup_forms', 'offer_addons');
  },
};
