import { Op } from 'sequelize';
import { Customer, SignupSubmission } from '../db/models';
import type { FormAnswer } from '../db/models/SignupSubmission';
import { NotFoundError } from '../errors';

export interface FormAnswers {
  id: number;
  formId: number | null;
  formSlug: string;
  formTitle: string;
  checkoutSessionId: string | null;
  answers: FormAnswer[];
  createdAt: Date;
}

/**
 * What a customer typed into signup forms' custom fields, newest first: found by the Stripe
 * customer id the submission was made for, or by e-mail (a submission made before the customer
 * was mirrored, or for a Stripe customer since replaced).
 */
export async function customerFormAnswers(customerId: number): Promise<FormAnswers[]> {
  const customer = await Customer.findByPk(customerId, { attributes: ['id', 'email', 'stripeCustomerId'] });
  if (!customer) throw new NotFoundError(`No customer with id ${customerId}`);
  const match = customer.stripeCustomerId ? [{ stripeCustomerId: customer.stripeCustomerId }, { email: customer.email }] : [{ email: customer.email }];
  const rows = await SignupSubmission.findAll({ where: { [Op.or]: match }, order: [['id', 'DESC']], limit: 100 });
  return rows.map(({ id, formId, formSlug, formTitle, checkoutSessionId, answers, createdAt }) => ({
    id,
    formId,
    formSlug,
    formTitle,
    checkoutSessionId,
    answers,
    createdAt,
  }));
}
