import { Edit } from 'react-admin';
import { EmbedSnippet } from './EmbedSnippet';
import { toApiInput, toFormValues } from './formRecord';
import { SignupFormFields } from './SignupFormFields';

/** Pessimistic: the server may refuse (a taken slug, an unknown plan) and its errors land on the fields. */
export default function SignupFormEdit() {
  return (
    <Edit mutationMode="pessimistic" transform={toApiInput} queryOptions={{ select: toFormValues }} aside={<EmbedSnippet />} redirect={false}>
      <SignupFormFields edit />
    </Edit>
  );
}
