import { useState } from 'react';
import { CheckboxGroupInput, Create, SimpleForm, TextInput, maxLength, minLength, required, useRedirect } from 'react-admin';
import type { ApiKey } from '../types';
import { NewKeyDialog } from './NewKeyDialog';

const SCOPE_CHOICES = [
  { id: 'read', name: 'Read' },
  { id: 'write', name: 'Write' },
];

/** Creates the key, then shows its secret once before going back to the list. */
export function ApiKeyCreate() {
  const redirect = useRedirect();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <>
      <Create<ApiKey> mutationOptions={{ onSuccess: (key) => setCreated(key.key ? { name: key.name, secret: key.key } : null) }}>
        <SimpleForm defaultValues={{ scopes: ['read'] }}>
          <TextInput source="name" validate={[required(), maxLength(80)]} helperText="What uses the key, e.g. “Website sign-up check”" />
          <CheckboxGroupInput
            source="scopes"
            choices={SCOPE_CHOICES}
            validate={[minLength(1, 'Choose at least one scope')]}
            helperText="Read: ask about users, subscriptions and entitlements. Write: also create signup links and portal sessions."
          />
        </SimpleForm>
      </Create>
      {created && <NewKeyDialog name={created.name} secret={created.secret} onClose={() => redirect('list', 'api-keys')} />}
    </>
  );
}
