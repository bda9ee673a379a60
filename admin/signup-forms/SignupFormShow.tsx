import { ArrayField, BooleanField, ChipField, DataTable, ReferenceArrayField, Show, SimpleShowLayout, SingleFieldList, TextField } from 'react-admin';
import type { SignupFormField } from '../types';
import { EmbedSnippet } from './EmbedSnippet';

const Column = DataTable.Col<SignupFormField>;

/** What viewers see (they cannot edit): the definition and the embed snippet. */
export default function SignupFormShow() {
  return (
    <Show aside={<EmbedSnippet />}>
      <SimpleShowLayout>
        <TextField source="title" />
        <TextField source="slug" />
        <TextField source="intro" emptyText="—" />
        <BooleanField source="allPlans" label="Every active plan" />
        <BooleanField source="offerAddons" label="Offers add-ons" />
        <BooleanField source="offerSeats" label="Asks for seats" />
        <ReferenceArrayField source="planIds" reference="plans" label="Plans">
          <SingleFieldList linkType={false}>
            <ChipField source="name" />
          </SingleFieldList>
        </ReferenceArrayField>
        <ArrayField source="customFields" label="Custom fields">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <Column source="label" />
            <Column source="key" />
            <Column source="type" />
            <Column source="required" render={(f) => (f.required ? 'yes' : 'no')} />
          </DataTable>
        </ArrayField>
        <TextField source="successMessage" emptyText="—" />
        <TextField source="accentColor" label="Accent colour" />
        <BooleanField source="active" />
      </SimpleShowLayout>
    </Show>
  );
}
