import { Admin, Resource } from 'react-admin';
import { LoginPage } from './auth/LoginPage';
import { customers } from './customers';
import { payments } from './payments';
import { plans } from './plans';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { subscriptions } from './subscriptions';

// react-admin's default hash router keeps every admin URL under /admin/, so the server only
// ever has to serve index.html there; its default i18n provider is English already.
export function App() {
  return (
    <Admin
      title="Recur admin"
      authProvider={authProvider}
      dataProvider={dataProvider}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      <Resource name="plans" {...plans} />
      <Resource name="customers" {...customers} />
      <Resource name="subscriptions" {...subscriptions} />
      <Resource name="payments" {...payments} />
    </Admin>
  );
}
