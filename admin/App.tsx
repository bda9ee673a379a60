import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource, defaultDarkTheme, defaultLightTheme } from 'react-admin';
import { adminUsers } from './admin-users';
import { apiKeys } from './api-keys';
import { auditLogs } from './audit-logs';
import { LoginPage } from './auth/LoginPage';
import { lazyScreen } from './common/lazyScreen';
import { coupons } from './coupons';
import { customers } from './customers';
import { emailTemplates } from './email-templates';
import { Dashboard } from './dashboard/Dashboard';
import { events } from './events';
import { features } from './features';
import { i18nProvider } from './i18n/i18nProvider';
import { invoices } from './invoices';
import { notifications } from './notifications';
import { Layout } from './layout/Layout';
import { payments } from './payments';
import { plans } from './plans';
import { promotionCodes } from './promotion-codes';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { signupForms } from './signup-forms';
import { subscriptions } from './subscriptions';
import { webhookDeliveries } from './webhook-deliveries';
import { webhookEndpoints } from './webhook-endpoints';
import type { Role } from './types';

// Owners alone open it, and seldom: loaded on first visit (the initial bundle's budget, issue 5).
const SettingsPage = lazyScreen(() => import('./settings/SettingsPage').then((m) => m.SettingsPage));

// react-admin's default hash router keeps every admin URL under /admin/, so the server only
// ever has to serve index.html there. Giving it a dark theme puts the light/dark toggle in the
// app bar (the choice is remembered in the browser).
export function App() {
  return (
    <Admin
      title="Recur admin"
      authProvider={authProvider}
      dataProvider={dataProvider}
      i18nProvider={i18nProvider}
      theme={defaultLightTheme}
      darkTheme={defaultDarkTheme}
      loginPage={LoginPage}
      dashboard={Dashboard}
      layout={Layout}
      requireAuth
      disableTelemetry
    >
      {(permissions: Role | undefined) => (
        <>
          <Resource name="payments" {...payments} />
          <Resource name="subscriptions" {...subscriptions} />
          <Resource name="customers" {...customers} />
          <Resource name="invoices" {...invoices} />
          <Resource name="plans" {...plans} />
          <Resource name="features" {...features} />
          <Resource name="coupons" {...coupons} />
          <Resource name="promotion-codes" {...promotionCodes} />
          <Resource name="signup-forms" {...signupForms} />
          <Resource name="events" {...events} />
          <Resource name="email-templates" {...emailTemplates} />
          <Resource name="notifications" {...notifications} />
          {/* The server refuses these to other roles (403); they are not offered at all then. */}
          {permissions !== 'viewer' && <Resource name="audit-logs" {...auditLogs} />}
          {permissions === 'owner' && <Resource name="admin-users" {...adminUsers} />}
          {permissions === 'owner' && <Resource name="api-keys" {...apiKeys} />}
          {/* Owners and admins manage outgoing webhooks (the server answers viewers 403). */}
          {permissions !== 'viewer' && <Resource name="webhook-endpoints" {...webhookEndpoints} />}
          {permissions !== 'viewer' && <Resource name="webhook-deliveries" {...webhookDeliveries} />}
          <CustomRoutes>
            <Route path="/settings" element={<SettingsPage />} />
          </CustomRoutes>
        </>
      )}
    </Admin>
  );
}
