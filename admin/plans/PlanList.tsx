import { BooleanField, DataTable, DateField, List } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { useCanWrite } from '../common/permissions';
import { formatPrice } from '../../shared/money';
import type { Plan } from '../types';
import { planFilters } from './PlanFilters';

const Column = DataTable.Col<Plan>;

// Sortable columns are exactly the server's whitelist (name, tier, amount, interval,
// createdAt); any other sort field would be a 400.
export function PlanList() {
  const canWrite = useCanWrite();
  return (
    <List filters={planFilters} actions={<ListActions />} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={canWrite ? 'edit' : false} bulkActionButtons={false} hiddenColumns={['stripeProductId', 'stripePriceId']}>
        <Column source="name" />
        <Column source="tier" />
        <Column source="kind" disableSort render={(plan) => (plan.kind === 'addon' ? 'Add-on' : plan.perSeat ? 'Base, per seat' : 'Base')} />
        <Column source="amount" label="Price" render={(plan) => formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)} />
        <Column source="interval" render={(plan) => (plan.intervalCount === 1 ? plan.interval : `${plan.intervalCount} ${plan.interval}s`)} />
        <Column source="trialDays" disableSort />
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
        <Column source="stripeProductId" disableSort />
        <Column source="stripePriceId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
      </DataTable>
    </List>
  );
}
