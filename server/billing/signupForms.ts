import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { Plan, SignupForm } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { fieldErrors } from '../http/validate';
import { DEFAULT_FORM_SLUG, mergeSignupForm, type SignupFormInput, type SignupFormUpdate } from '../../shared/signupForms';
import { audit } from './audit';
import { bumpSignupFormsVersion } from './signupFormsVersion';

async function findForm(id: number): Promise<SignupForm> {
  const form = await SignupForm.findByPk(id);
  if (!form) throw new NotFoundError(`No signup form with id ${id}`);
  return form;
}

/** Every listed plan must exist; archived ones are allowed (they are simply not shown while archived). */
async function checkPlans(planIds: number[]): Promise<void> {
  if (!planIds.length) return;
  const found = await Plan.findAll({ where: { id: { [Op.in]: planIds } }, attributes: ['id', 'name', 'kind'] });
  const known = new Set(found.map((plan) => plan.id));
  const unknown = planIds.filter((id) => !known.has(id));
  if (unknown.length) throw new BadRequestError(`Unknown plan ids: ${unknown.join(', ')}`, { planIds: `unknown plan ids: ${unknown.join(', ')}` });
  const addon = found.find((plan) => plan.kind === 'addon');
  if (addon) throw new BadRequestError(`${addon.name} is an add-on`, { planIds: `${addon.name} is an add-on: it is offered beside the plans that allow it` });
}

const slugTaken = (slug: string) => new BadRequestError(`The slug ${slug} is already in use`, { slug: 'is already used by another form' });

async function checkSlugFree(slug: string, exceptId: number | undefined, transaction: Transaction): Promise<void> {
  const taken = await SignupForm.findOne({ where: { slug }, attributes: ['id'], transaction });
  if (taken && taken.id !== exceptId) throw slugTaken(slug);
}

/** The slug check runs inside the write; on PostgreSQL a concurrent twin still meets the unique key. */
async function writeForm<T>(db: Database, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.write(work);
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw slugTaken(String(error.fields.slug ?? 'given'));
    throw error;
  }
}

function definition(form: SignupForm): SignupFormInput {
  const { slug, title, intro, planIds, allPlans, customFields, successMessage, accentColor, active, offerAddons, offerSeats } = form;
  return { slug, title, intro, planIds, allPlans, customFields, successMessage, accentColor, active, offerAddons, offerSeats };
}

export async function createSignupForm(db: Database, input: SignupFormInput, actor: SessionUser): Promise<SignupForm> {
  await checkPlans(input.planIds);
  const form = await writeForm(db, async (transaction) => {
    await checkSlugFree(input.slug, undefined, transaction);
    const created = await SignupForm.create(input, { transaction });
    await audit(actor, { action: 'signup_form.create', entityType: 'signup_form', entityId: created.id, details: { slug: input.slug } }, transaction);
    return created;
  });
  bumpSignupFormsVersion();
  return form;
}

/** /signup is the default form: it keeps its slug and stays active. */
function protectDefault(form: SignupForm, next: SignupFormInput): void {
  if (form.slug !== DEFAULT_FORM_SLUG) return;
  if (next.slug !== DEFAULT_FORM_SLUG)
    throw new BadRequestError('The default form keeps the slug default', { slug: 'the default form keeps the slug default' });
  if (!next.active) throw new BadRequestError('The default form stays active: /signup shows it', { active: 'the default form stays active' });
}

export async function updateSignupForm(db: Database, id: number, changes: SignupFormUpdate, actor: SessionUser): Promise<SignupForm> {
  const form = await findForm(id);
  const merged = mergeSignupForm(definition(form), changes);
  if (!merged.success) {
    const errors = fieldErrors(merged.error);
    throw new BadRequestError(`Invalid signup form: ${Object.entries(errors).map(([k, m]) => `${k} ${m}`)[0]}`, errors);
  }
  const next = merged.data;
  protectDefault(form, next);
  await checkPlans(next.planIds);
  const updated = await writeForm(db, async (transaction) => {
    await checkSlugFree(next.slug, form.id, transaction);
    await audit(actor, { action: 'signup_form.update', entityType: 'signup_form', entityId: form.id, details: { ...changes } }, transaction);
    return form.update(next, { transaction });
  });
  bumpSignupFormsVersion();
  return updated;
}

/** Answers already given keep the form's slug and title; the default form cannot go. */
export async function deleteSignupForm(db: Database, id: number, actor: SessionUser): Promise<SignupForm> {
  const form = await findForm(id);
  if (form.slug === DEFAULT_FORM_SLUG) throw new ConflictError('The default form cannot be deleted: /signup shows it');
  await db.write(async (transaction) => {
    await audit(actor, { action: 'signup_form.delete', entityType: 'signup_form', entityId: form.id, details: { slug: form.slug } }, transaction);
    await form.destroy({ transaction });
  });
  bumpSignupFormsVersion();
  return form;
}
