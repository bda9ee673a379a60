import { Op } from 'sequelize';
import { Plan, SignupForm } from '../db/models';

/** A form as the hosted page shows it: its definition and the plans a person can pick, in order. */
export interface SignupFormView {
  form: SignupForm;
  plans: Plan[];
  /** per offered plan id, the add-ons the form offers with it (none unless the form offers add-ons) */
  addons: Map<number, Plan[]>;
}

/** Archived plans, add-ons (sold beside a plan, never alone), and plans Stripe has no price for yet, are never offered as the plan. */
async function formPlans(form: SignupForm): Promise<Plan[]> {
  if (form.allPlans) {
    return Plan.findAll({
      where: { active: true, kind: 'base', stripePriceId: { [Op.ne]: null } },
      order: [
        ['tier', 'DESC'],
        ['amount', 'ASC'],
        ['id', 'ASC'],
      ],
    });
  }
  if (!form.planIds.length) return [];
  const plans = await Plan.findAll({ where: { id: { [Op.in]: form.planIds }, active: true, kind: 'base', stripePriceId: { [Op.ne]: null } } });
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  return form.planIds.map((id) => byId.get(id)).filter((plan): plan is Plan => !!plan);
}

const cycle = (p: Plan) => `${p.currency} ${p.intervalCount} ${p.interval}`;

/** The add-ons each plan allows that can be bought now: active, priced in Stripe, on the plan's currency and period. */
async function addonsOf(plans: Plan[]): Promise<Map<number, Plan[]>> {
  const ids = [...new Set(plans.flatMap((plan) => plan.addonIds))];
  if (!ids.length) return new Map();
  const addons = await Plan.findAll({
    where: { id: { [Op.in]: ids }, kind: 'addon', active: true, stripePriceId: { [Op.ne]: null } },
    order: [
      ['amount', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return new Map(plans.map((plan) => [plan.id, addons.filter((addon) => plan.addonIds.includes(addon.id) && cycle(addon) === cycle(plan))]));
}

/** The form at this slug with its plans; null when there is none, or it is switched off and `includeInactive` is not set. */
export async function loadSignupForm(slug: string, includeInactive = false): Promise<SignupFormView | null> {
  const form = await SignupForm.findOne({ where: { slug } });
  if (!form || (!form.active && !includeInactive)) return null;
  const plans = await formPlans(form);
  return { form, plans, addons: form.offerAddons ? await addonsOf(plans) : new Map() };
}
