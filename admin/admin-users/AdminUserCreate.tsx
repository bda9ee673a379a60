import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, email, minLength, required } from 'react-admin';
import { MIN_PASSWORD_LENGTH } from '../../shared/adminUsers';
import { roleChoices } from './roleChoices';

export function AdminUserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ role: 'admin' }}>
        <TextInput source="email" type="email" validate={[required(), email()]} />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={roleChoices} validate={required()} />
        <PasswordInput
          source="password"
          validate={[required(), minLength(MIN_PASSWORD_LENGTH)]}
          helperText={`At least ${MIN_PASSWORD_LENGTH} characters, not a common or repeated one (the server checks); pass it on to them yourself`}
        />
      </SimpleForm>
    </Create>
  );
}
