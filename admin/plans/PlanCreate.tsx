import { Create } from 'react-admin';
import { PlanForm } from './PlanForm';

// Pessimistic (the default for Create): the plan exists only once Stripe has its product and price.
export function PlanCreate() {
  return (
    <Create redirect="list">
      <PlanForm />
    </Create>
  );
}
