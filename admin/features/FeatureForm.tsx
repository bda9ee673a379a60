import { SelectInput, SimpleForm, TextInput, maxLength, regex, required } from 'react-admin';
import { FEATURE_KEY_PATTERN } from '../../shared/features';

export const KIND_CHOICES = [
  { id: 'boolean', name: 'On/off' },
  { id: 'limit', name: 'Limit (a number)' },
];

const keyFormat = regex(FEATURE_KEY_PATTERN, 'Lowercase: starts with a-z, then a-z, 0-9, _ . - (64 at most)');

/**
 * One form for create and edit. The key is what apps read, so it is fixed once made; the server
 * also refuses a kind change while plans give the feature values (409, its message shown).
 */
export function FeatureForm({ edit = false }: { edit?: boolean }) {
  return (
    <SimpleForm defaultValues={edit ? undefined : { kind: 'boolean' }}>
      <TextInput source="key" validate={[required(), keyFormat]} readOnly={edit} helperText="What apps read, e.g. api or projects.max" />
      <TextInput source="name" validate={[required(), maxLength(120)]} />
      <SelectInput source="kind" choices={KIND_CHOICES} validate={required()} helperText="Plans give an on/off feature a tick, a limit a number" />
      <TextInput source="description" multiline validate={maxLength(1000)} />
    </SimpleForm>
  );
}
