import { useState } from 'react';
import { Create, SimpleForm, TextInput, maxLength, required, useRedirect } from 'react-admin';
import type { ApiKey } from '../types';
import { NewKeyDialog } from './NewKeyDialog';

/** Creates the key, then shows its secret once before going back to the list. */
export function ApiKeyCreate() {
  const redirect = useRedirect();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <>
      <Create<ApiKey>
        mutationOptions={{ onSuccess: (key) => setCreated(key.key ? { name: key.name, secret: key.key } : null) }}
      >
        <SimpleForm>
          <TextInput source="name" validate={[required(), maxLength(80)]} helperText="What uses the key, e.g. “Website sign-up check”" />
        </SimpleForm>
      </Create>
      {created && <NewKeyDialog name={created.name} secret={created.secret} onClose={() => redirect('list', 'api-keys')} />}
    </>
  );
}
