import { Create } from 'react-admin';
import { toApiInput } from './formRecord';
import { SignupFormFields } from './SignupFormFields';

/** Default export: loaded lazily (React.lazy), so the form editor stays out of the initial bundle. */
export default function SignupFormCreate() {
  return (
    <Create transform={toApiInput} redirect="edit">
      <SignupFormFields />
    </Create>
  );
}
