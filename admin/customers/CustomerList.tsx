import { DataTable, DateField, List, SearchInput, TextField, TextInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { DeletedMarker } from './DeletedMarker';
import { SyncButton } from './SyncButton';
import { ListedCustomerTotal } from './CustomerTotal';
import type { Customer } from '../types';

const Column = DataTable.Col<Customer>;

// `q` is the server's full-text search over e-mail and name.
// externalId: the business's own user id, matched exactly (what an app's support staff paste in).
const customerFilters = [
  <SearchInput key="q" source="q" placeholder="Search e-mail or name" alwaysOn />,
  <TextInput key="externalId" source="externalId" label="External id" />,
];

// Sortable: email, name, monthlyTotal, yearlyTotal, createdAt (the server's whitelist).
// empty={false}: react-admin's empty page has no toolbar, and a fresh install with no customers
// yet is exactly when "Sync with Stripe" is wanted.
export function CustomerList() {
  return (
    <List
      empty={false}
      filters={customerFilters}
      actions={
        <ListActions>
          <SyncButton />
        </ListActions>
      }
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
    >
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['stripeCustomerId', 'currency']}>
        <Column source="email">
          <TextField source="email" />
          <DeletedMarker />
        </Column>
        <Column source="name" />
        <Column source="externalId" label="External id" disableSort />
        {/* Money in the customer's currency (its latest subscription's until Stripe sets one). */}
        <Column source="monthlyTotal" label="Monthly total" align="right">
          <ListedCustomerTotal source="monthlyTotal" />
        </Column>
        <Column source="yearlyTotal" label="Yearly total" align="right">
          <ListedCustomerTotal source="yearlyTotal" />
        </Column>
        <Column source="currency" disableSort />
        <Column source="stripeCustomerId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
      </DataTable>
    </List>
  );
}
