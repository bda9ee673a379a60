import { Op } from 'sequelize';
import { Plan, SignupForm } from '../db/models';

/** A form as the hosted page shows it: its definition and the plans a person can pick, in order. */
export interface SignupFormView {
  form: SignupForm;
  plans: Plan[];
}

/** Archived plans, and plans Stripe has no price for yet, are never offered. */
async function formPlans(form: SignupForm): Promise<Plan[]> {
  if (form.allPlans) {
    return Plan.findAll({ where: { active: true, stripePriceId: { [Op.ne]: null } }, order: [['tier', 'DESC'], ['amount', 'ASC'], ['id', 'ASC']] });
  }
  if (!form.planIds.length) return [];
  const plans = await Plan.findAll({ where: { id: { [Op.in]: form.planIds }, active: true, stripePriceId: { [Op.ne]: null } } });
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  return form.planIds.map((id) => byId.get(id)).filter((plan): plan is Plan => !!plan);
}

/** The form at this slug with its plans; null when there is none, or it is switched off and `includeInactive` is not set. */
export async function loadSignupForm(slug: string, includeInactive = false): Promise<SignupFormView | null> {
  const form = await SignupForm.findOne({ where: { slug } });
  if (!form || (!form.active && !includeInactive)) return null;
  return { form, plans: await formPlans(form) };
}
