import { Customer } from '../db/models';
import { NotFoundError } from '../errors';

/** The customer an app's user id is linked to; 404 when none is. */
export async function customerByExternalId(externalId: string): Promise<Customer> {
  const customer = await Customer.findOne({ where: { externalId } });
  if (!customer) throw new NotFoundError(`No customer is linked to the externalId ${externalId}`);
  return customer;
}
