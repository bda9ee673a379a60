import { ReferenceField, TextField } from 'react-admin';

/** A row's customer by e-mail, linking to the customer's page. */
export function CustomerLink({ source = 'customerId' }: { source?: string }) {
  return (
    <ReferenceField source={source} reference="customers" link="show">
      <TextField source="email" />
    </ReferenceField>
  );
}
