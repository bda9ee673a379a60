import { z } from 'zod';

/**
 * The largest id an INTEGER primary key holds (PostgreSQL's int4; SQLite's rowids are never that
 * high here). A larger number names no row, and PostgreSQL refuses to compare it with the column.
 */
export const MAX_ID = 2_147_483_647;

/** A record id given as a number or a numeric string (query strings, filters). */
export const recordId = () =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive').max(MAX_ID, 'is not an id');
