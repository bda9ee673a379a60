import { Login, LoginForm, PasswordInput, TextInput, required } from 'react-admin';

// react-admin's LoginForm submits whatever its inputs hold to authProvider.login; Recur signs
// in by e-mail, so the inputs are ours and the submit button, spinner and error toast are its.
// Explicit ids because react-admin otherwise generates them, and scripts target #email/#password.
export function LoginPage() {
  return (
    <Login>
      <h1 style={titleStyle}>Recur admin</h1>
      <LoginForm>
        <TextInput autoFocus source="email" id="email" type="email" label="Email" autoComplete="username" validate={required()} />
        <PasswordInput source="password" id="password" label="Password" autoComplete="current-password" validate={required()} />
      </LoginForm>
    </Login>
  );
}

const titleStyle = { margin: '0 0 0.5em', textAlign: 'center', fontFamily: 'inherit', fontSize: '1.25rem', fontWeight: 500 } as const;
