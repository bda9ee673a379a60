import { Hono } from 'hono';
import { apiCors } from './http/cors';
import { except } from 'hono/combine';
import type { AppDeps, AppEnv } from './deps';
import { errorHandler } from './http/onError';
import { requireAdmin } from './http/requireAdmin';
import { csrfGuard } from './http/csrf';
import { securityHeaders } from './http/securityHeaders';
import { requestLog } from './http/requestLog';
import { adminStatic } from './http/adminStatic';
import { bodyLimits } from './http/bodyLimits';
import { authRoutes } from './routes/auth';
import { v1Routes } from './routes/v1';
import { healthRoutes } from './routes/health';
import { readOnlyResource } from './routes/readOnlyResource';
import { webhookRoutes } from './routes/webhooks';
import { paymentRoutes } from './routes/payments';
import { eventRoutes } from './routes/events';
import { syncRoutes } from './routes/sync';
import { planRoutes } from './routes/plans';
import { subscriptionRoutes } from './routes/subscriptions';
import { customerRoutes } from './routes/customers';
import { settingsRoutes } from './routes/settings';
import { couponRoutes, promotionCodeRoutes } from './routes/coupons';
import { statsRoutes } from './routes/stats';
import { adminUserRoutes } from './routes/adminUsers';
import { auditLogRoutes } from './routes/auditLogs';
import { apiKeyRoutes } from './routes/apiKeys';
import { featureRoutes } from './routes/features';
import { retryScheduleRoutes } from './routes/retrySchedule';
import { emailTemplateRoutes } from './routes/emailTemplates';
import { notificationRoutes } from './routes/notifications';
import { webhookEndpointRoutes } from './routes/webhookEndpoints';
import { webhookDeliveryRoutes } from './routes/webhookDeliveries';
import { signupPages } from './pages/signup';
import { signupFormRoutes } from './routes/signupForms';
import { portalPages } from './pages/portal';
import { NotFoundError } from './errors';

/** Every route of Recur, mounted on one Hono app; tests drive it with app.request(). */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.use('*', requestLog(deps.log));
  app.use('*', securityHeaders());
  // Before every route and every other reader of the body: each path's limit (413), never buffered past it.
  app.use('*', bodyLimits());

  app.route('/healthz', healthRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  app.route('/signup', signupPages(deps));
  app.route('/portal', portalPages(deps));

  const api = new Hono<AppEnv>();
  api.use('*', apiCors(deps.baseUrl));
  // Cookie-authenticated calls only: /api/v1 takes API keys, which a foreign page cannot make a browser send.
  api.use('*', except('/api/v1/*', csrfGuard(deps.baseUrl)));
  api.route('/auth', authRoutes(deps));
  // The integration API authenticates with API keys, not the admin session: mounted before it.
  api.route('/v1', v1Routes(deps));
  api.use('*', requireAdmin);
  api.route('/plans', planRoutes(deps));
  api.route('/features', featureRoutes(deps));
  api.route('/subscriptions', subscriptionRoutes(deps));
  api.route('/customers', customerRoutes(deps));
  api.route('/invoices', readOnlyResource('invoices'));
  api.route('/settings', settingsRoutes(deps));
  api.route('/coupons', couponRoutes(deps));
  api.route('/promotion-codes', promotionCodeRoutes(deps));
  api.route('/payments', paymentRoutes(deps));
  api.route('/events', eventRoutes(deps));
  api.route('/sync', syncRoutes(deps));
  api.route('/stats', statsRoutes(deps));
  api.route('/admin-users', adminUserRoutes(deps));
  api.route('/audit-logs', auditLogRoutes());
  api.route('/api-keys', apiKeyRoutes(deps));
  api.route('/retry-schedule', retryScheduleRoutes(deps));
  api.route('/signup-forms', signupFormRoutes(deps));
  api.route('/email-templates', emailTemplateRoutes(deps));
  api.route('/notifications', notificationRoutes(deps));
  api.route('/webhook-endpoints', webhookEndpointRoutes(deps));
  api.route('/webhook-deliveries', webhookDeliveryRoutes(deps));
  api.all('*', (c) => {
    throw new NotFoundError(`No API route for ${c.req.method} ${c.req.path}`);
  });
  app.route('/api', api);

  app.get('/', (c) => c.redirect('/admin/'));
  app.get('/admin', (c) => c.redirect('/admin/'));
  app.get('/admin/*', adminStatic(deps.adminDir));
  return app;
}

export type RecurApp = ReturnType<typeof createApp>;
