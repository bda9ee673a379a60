import {
  ArrayInput,
  BooleanInput,
  FormDataConsumer,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  regex,
  required,
} from 'react-admin';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { DEFAULT_VALUES } from './formRecord';

const FIELD_TYPES = [
  { id: 'text', name: 'Text' },
  { id: 'email', name: 'E-mail' },
  { id: 'select', name: 'Choice list' },
  { id: 'checkbox', name: 'Checkbox' },
];
const slugRule = regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Lower-case letters, digits and dashes, e.g. spring-offer');
const keyRule = regex(/^[a-z][a-zA-Z0-9_]{0,29}$/, 'Start with a letter; letters, digits and _ only');
const colourRule = regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #3b5bdb');

// Options of a choice list are typed one per line; the API keeps them as a list.
const linesToList = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const listToLines = (list: string[] | undefined) => (Array.isArray(list) ? list.join('\n') : (list ?? ''));

/**
 * The signup form editor: texts, the plans in the order the form shows them (arrows reorder),
 * the custom fields, the colour. The server checks everything again and its field errors land here.
 */
export function SignupFormFields({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : DEFAULT_VALUES}>
      <Stack direction="row" spacing={2} sx={{ width: '100%' }}>
        <TextInput source="title" validate={required()} sx={{ flex: 2 }} />
        <TextInput source="slug" validate={[required(), slugRule]} helperText="The form's address: /signup/<slug>" sx={{ flex: 1 }} />
      </Stack>
      <TextInput source="intro" multiline minRows={2} helperText="Shown under the title; a blank line starts a new paragraph" />
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        Plans
      </Typography>
      <BooleanInput source="allPlans" label="Show every active plan" />
      <FormDataConsumer<{ allPlans?: boolean }>>
        {({ formData }) =>
          formData.allPlans ? null : (
            <ArrayInput source="plans" label="Plans, in this order">
              <SimpleFormIterator inline disableClear>
                <ReferenceInput source="planId" reference="plans" sort={{ field: 'name', order: 'ASC' }} perPage={200}>
                  <SelectInput optionText="name" label="Plan" validate={required()} />
                </ReferenceInput>
              </SimpleFormIterator>
            </ArrayInput>
          )
        }
      </FormDataConsumer>
      <BooleanInput source="offerAddons" label="Offer the chosen plan's add-ons" helperText="Checkboxes under each plan for the add-ons it allows" />
      <BooleanInput
        source="offerSeats"
        label="Ask for the number of seats"
        helperText="For plans sold per seat, within the plan's bounds (otherwise its minimum)"
      />
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        Custom fields
      </Typography>
      <ArrayInput source="customFields" label={false}>
        <SimpleFormIterator inline disableClear>
          <TextInput source="label" validate={required()} />
          <TextInput source="key" validate={[required(), keyRule]} helperText="Stored under this name" />
          <SelectInput source="type" choices={FIELD_TYPES} validate={required()} defaultValue="text" />
          <TextInput source="options" multiline format={listToLines} parse={linesToList} helperText="Choice list: one option per line" />
          <BooleanInput source="required" />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="successMessage" multiline helperText="Shown on the done page once the subscription is in place" />
      <Stack direction="row" spacing={2}>
        <TextInput source="accentColor" label="Accent colour" validate={[required(), colourRule]} />
        <BooleanInput source="active" />
      </Stack>
    </SimpleForm>
  );
}
