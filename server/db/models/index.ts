import type { Sequelize } from 'sequelize';
import { AdminUser, initAdminUser } from './AdminUser';
import { AppEvent, initAppEvent } from './AppEvent';
import { WebhookDelivery, initWebhookDelivery } from './WebhookDelivery';
import { WebhookEndpoint, initWebhookEndpoint } from './WebhookEndpoint';
import { ApiKey, initApiKey } from './ApiKey';
import { AuditLog, initAuditLog } from './AuditLog';
import { Coupon, initCoupon } from './Coupon';
import { Customer, initCustomer } from './Customer';
import { Feature, initFeature } from './Feature';
import { PlanFeature, initPlanFeature } from './PlanFeature';
import { Discount, initDiscount } from './Discount';
import { EmailTemplate, initEmailTemplate } from './EmailTemplate';
import { Invoice, initInvoice } from './Invoice';
import { Notification, initNotification } from './Notification';
import { LoginAttempt, initLoginAttempt } from './LoginAttempt';
import { Payment, initPayment } from './Payment';
import { PendingSignup, initPendingSignup } from './PendingSignup';
import { SignupLink, initSignupLink } from './SignupLink';
import { Plan, initPlan } from './Plan';
import { PortalLoginRequest, initPortalLoginRequest } from './PortalLoginRequest';
import { PortalSession, initPortalSession } from './PortalSession';
import { PortalToken, initPortalToken } from './PortalToken';
import { Price, initPrice } from './Price';
import { PromotionCode, initPromotionCode } from './PromotionCode';
import { Session, initSession } from './Session';
import { Setting, initSetting } from './Setting';
import { SignupForm, initSignupForm } from './SignupForm';
import { SignupSubmission, initSignupSubmission } from './SignupSubmission';
import { StripeEvent, initStripeEvent } from './StripeEvent';
import { Subscription, initSubscription } from './Subscription';

export {
  AdminUser,
  ApiKey,
  AuditLog,
  Coupon,
  Customer,
  Discount,
  PromotionCode,
  Invoice,
  LoginAttempt,
  Payment,
  Plan,
  Price,
  Session,
  Setting,
  SignupForm,
  SignupSubmission,
  StripeEvent,
  Subscription,
};
export { PortalLoginRequest, PortalSession, PortalToken };
export { PendingSignup };
export { SignupLink };
export { EmailTemplate, Notification };
export { AppEvent, WebhookDelivery, WebhookEndpoint };
export { Feature, PlanFeature };

/**
 * Sequelize models are module-level classes; initialising them binds them to one connection.
 * One process serves one database, so this is called once per process (tests: once per file).
 */
export function initModels(sequelize: Sequelize): void {
  initPlan(sequelize);
  initPrice(sequelize);
  initCustomer(sequelize);
  initSubscription(sequelize);
  initInvoice(sequelize);
  initPayment(sequelize);
  initStripeEvent(sequelize);
  initAdminUser(sequelize);
  initSession(sequelize);
  initAuditLog(sequelize);
  initApiKey(sequelize);
  initSetting(sequelize);
  initCoupon(sequelize);
  initPromotionCode(sequelize);
  initDiscount(sequelize);
  initSignupForm(sequelize);
  initSignupSubmission(sequelize);
  initPendingSignup(sequelize);
  initSignupLink(sequelize);
  initPortalToken(sequelize);
  initPortalSession(sequelize);
  initPortalLoginRequest(sequelize);
  initEmailTemplate(sequelize);
  initNotification(sequelize);
  initLoginAttempt(sequelize);
  initAppEvent(sequelize);
  initWebhookEndpoint(sequelize);
  initWebhookDelivery(sequelize);
  initFeature(sequelize);
  initPlanFeature(sequelize);
  PromotionCode.belongsTo(Coupon, { foreignKey: 'couponId' });
  Price.belongsTo(Plan, { foreignKey: 'planId' });
  Subscription.belongsTo(Customer, { foreignKey: 'customerId' });
  Subscription.belongsTo(Plan, { foreignKey: 'planId' });
  Invoice.belongsTo(Customer, { foreignKey: 'customerId' });
  Payment.belongsTo(Customer, { foreignKey: 'customerId' });
  Payment.belongsTo(Subscription, { foreignKey: 'subscriptionId' });
  Session.belongsTo(AdminUser, { foreignKey: 'adminUserId' });
}
