import { BooleanInput, CheckboxGroupInput, SimpleForm, TextInput, maxLength, minLength, regex, required } from 'react-admin';
import { EVENT_CHOICES } from './eventChoices';

const httpUrl = regex(/^https?:\/\/\S+$/i, 'Must be an http or https URL');

/** The fields of an endpoint; the server checks them again (strict body, http/https only). */
export function EndpointForm({ creating = false }: { creating?: boolean }) {
  return (
    <SimpleForm defaultValues={creating ? { events: EVENT_CHOICES.map((c) => c.id), active: true } : undefined}>
      <TextInput
        source="url"
        label="URL"
        fullWidth
        validate={[required(), maxLength(2000), httpUrl]}
        helperText="Where the app receives Recur's events (POST, JSON, signed per Standard Webhooks)"
      />
      <TextInput source="description" fullWidth validate={maxLength(500)} />
      <CheckboxGroupInput source="events" choices={EVENT_CHOICES} validate={[minLength(1, 'Choose at least one event')]} row={false} />
      <BooleanInput source="active" helperText="Enabling a disabled endpoint clears its failure record" />
    </SimpleForm>
  );
}
