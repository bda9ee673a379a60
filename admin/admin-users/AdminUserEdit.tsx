import { Edit, PasswordInput, SelectInput, SimpleForm, TextInput, minLength, required } from 'react-admin';
import { MIN_PASSWORD_LENGTH } from '../../shared/adminUsers';
import type { AdminUser } from '../types';
import { roleChoices } from './roleChoices';

interface AdminUserForm extends AdminUser {
  password?: string;
}

// The e-mail is the sign-in name and stays; an empty password keeps the current one.
const editable = ({ name, role, password }: AdminUserForm) => ({ name, role, ...(password ? { password } : {}) });

/** Pessimistic: demoting oneself or the last owner is refused (409) and the form must say so. */
export function AdminUserEdit() {
  return (
    <Edit mutationMode="pessimistic" transform={editable} redirect="list">
      <SimpleForm>
        <TextInput source="email" disabled />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={roleChoices} validate={required()} />
        <PasswordInput
          source="password"
          label="New password"
          validate={minLength(MIN_PASSWORD_LENGTH)}
          helperText="Leave empty to keep the current one; a new one (not a common or repeated one) signs them out everywhere"
        />
      </SimpleForm>
    </Edit>
  );
}
