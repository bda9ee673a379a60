import { AutocompleteInput, ReferenceInput, SelectInput } from 'react-admin';

// Reference inputs sort by `id` unless told otherwise, and `id` is not a whitelisted sort
// field on the server, so every lookup names a sort the server accepts.

/** Customers are many: searched by e-mail or name through the server's `q`. */
export function CustomerFilter({ alwaysOn }: { alwaysOn?: boolean }) {
  return (
    <ReferenceInput source="customerId" reference="customers" sort={{ field: 'email', order: 'ASC' }} alwaysOn={alwaysOn}>
      <AutocompleteInput label="Customer" optionText="email" sx={{ minWidth: 240 }} />
    </ReferenceInput>
  );
}

/** Plans are few and have no `q` filter, so a plain select of the first hundred. */
export function PlanFilter({ alwaysOn }: { alwaysOn?: boolean }) {
  return (
    <ReferenceInput source="planId" reference="plans" sort={{ field: 'name', order: 'ASC' }} perPage={100} alwaysOn={alwaysOn}>
      <SelectInput label="Plan" optionText="name" />
    </ReferenceInput>
  );
}
