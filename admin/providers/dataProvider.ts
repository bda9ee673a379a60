import { fetchUtils, type DataProvider, type GetOneResult, type Identifier, type UpdateResult, type RaRecord } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import type { CancellationFeedback, PauseBehavior } from '../../shared/pause';
import type { PortalPolicy } from '../../shared/portal';
import type { ChargeRequest, ChargeResult } from '../../shared/charges';
import type { ChangeTiming, ItemsPreview } from '../../shared/itemChange';

/** One wanted item of a subscription. */
export interface WantedItem {
  planId: Identifier;
  quantity: number;
}
import type {
  AccessPolicy,
  ChangePreview,
  FormAnswers,
  InboxEvent,
  NextCharge,
  Payment,
  RefundRequest,
  RetrySchedule,
  Stats,
  Subscription,
  SyncReport,
} from '../types';

// Same-origin API with the session cookie. fetchJson rejects with an HttpError whose message is
// the server's `message` and whose body keeps `errors`, which is what react-admin notifies with
// and what forms map onto their fields.
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  return fetchUtils.fetchJson(url, { ...options, credentials: 'include' });
}

const API = '/api';

/** The server's JSON for a request; its shape is the contract written down in ../types.ts. */
async function call<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const body = init.body === undefined ? (method === 'GET' || method === 'DELETE' ? undefined : '{}') : JSON.stringify(init.body);
  const { json }: { json: T } = await httpClient(`${API}${path}`, { method, body });
  return json;
}

/** Settings are one document at /api/settings; react-admin's Edit wants a record with an id. */
export const SETTINGS_ID = 'access-policy';
export interface SettingsRecord extends RaRecord {
  accessPolicy: AccessPolicy;
  portalPolicy: PortalPolicy;
  changeTiming: ChangeTimingPolicy;
}

/** When changes take effect unless chosen (server/billing/changeTiming.ts). */
export interface ChangeTimingPolicy {
  upgrades: ChangeTiming;
  downgrades: ChangeTiming;
}

/** The actions beyond CRUD (DESIGN §3), as methods react-admin's useDataProvider hands out. */
export interface RecurDataProvider extends DataProvider {
  retryPayment(id: Identifier): Promise<Payment>;
  /** `{amount}` or `{full: true}`: a full refund is asked for explicitly, never implied by a missing amount */
  refundPayment(id: Identifier, request: RefundRequest): Promise<Payment>;
  previewPlanChange(id: Identifier, planId: Identifier): Promise<ChangePreview>;
  /** confirmIntervalChange: the preview said the billing period changes, and the admin confirmed it */
  changePlan(id: Identifier, planId: Identifier, prorationDate: number, confirmIntervalChange: boolean): Promise<Subscription>;
  upcomingCharge(id: Identifier): Promise<NextCharge>;
  /** the whole item set (base plan and add-ons, with quantities); `when` defaults by the settings */
  previewItems(id: Identifier, items: WantedItem[], when?: ChangeTiming): Promise<ItemsPreview>;
  updateItems(id: Identifier, items: WantedItem[], when: ChangeTiming, prorationDate: number): Promise<Subscription>;
  cancelPendingChange(id: Identifier): Promise<Subscription>;
  cancelSubscription(id: Identifier, atPeriodEnd: boolean, why?: { reason?: CancellationFeedback; comment?: string }): Promise<Subscription>;
  /** Stripe's pause_collection: `resumesAt` an ISO date in the future, or none (paused until unpaused) */
  pauseSubscription(id: Identifier, behavior: PauseBehavior, resumesAt?: string): Promise<Subscription>;
  unpauseSubscription(id: Identifier): Promise<Subscription>;
  /** a one-time charge; requestId made once per charge meant, so a double submit charges once */
  chargeCustomer(id: Identifier, request: ChargeRequest): Promise<ChargeResult>;
  resumeSubscription(id: Identifier): Promise<Subscription>;
  extendSubscription(id: Identifier, days: number): Promise<Subscription>;
  replayEvent(id: Identifier): Promise<InboxEvent>;
  stats<K extends keyof Stats>(series: K): Promise<Stats[K]>;
  syncWithStripe(): Promise<SyncReport>;
  retrySchedule(): Promise<RetrySchedule>;
  formAnswers(customerId: Identifier): Promise<FormAnswers[]>;
}

const rest = simpleRestProvider(API, httpClient);
const id = (value: Identifier) => encodeURIComponent(String(value));

export const dataProvider: RecurDataProvider = {
  ...rest,
  async getOne(resource, params) {
    if (resource !== 'settings') return rest.getOne(resource, params);
    const settings = await call<{ accessPolicy: AccessPolicy; portalPolicy: PortalPolicy; changeTiming: ChangeTimingPolicy }>('/settings');
    const result: GetOneResult = { data: { id: SETTINGS_ID, ...settings } };
    return result;
  },
  async update(resource, params) {
    if (resource !== 'settings') return rest.update(resource, params);
    const policy: unknown = params.data.accessPolicy;
    const portalPolicy: unknown = params.data.portalPolicy;
    const changeTiming: unknown = params.data.changeTiming;
    const settings = await call<{ accessPolicy: AccessPolicy; portalPolicy: PortalPolicy; changeTiming: ChangeTimingPolicy }>('/settings', {
      method: 'PUT',
      body: { accessPolicy: policy, portalPolicy, changeTiming },
    });
    const result: UpdateResult = { data: { id: SETTINGS_ID, ...settings } };
    return result;
  },
  retryPayment: (paymentId) => call(`/payments/${id(paymentId)}/retry`, { method: 'POST' }),
  refundPayment: (paymentId, request) => call(`/payments/${id(paymentId)}/refund`, { body: request }),
  previewPlanChange: (subscriptionId, planId) => call(`/subscriptions/${id(subscriptionId)}/preview?plan=${id(planId)}`),
  changePlan: (subscriptionId, planId, prorationDate, confirmIntervalChange) =>
    call(`/subscriptions/${id(subscriptionId)}/change-plan`, {
      body: { planId, prorationDate, ...(confirmIntervalChange ? { confirmIntervalChange: true } : {}) },
    }),
  upcomingCharge: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/upcoming`),
  previewItems: (subscriptionId, items, when) => call(`/subscriptions/${id(subscriptionId)}/preview`, { body: { items, ...(when ? { when } : {}) } }),
  updateItems: (subscriptionId, items, when, prorationDate) => call(`/subscriptions/${id(subscriptionId)}/update`, { body: { items, when, prorationDate } }),
  cancelPendingChange: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/pending-change`, { method: 'DELETE' }),
  cancelSubscription: (subscriptionId, atPeriodEnd, why = {}) => call(`/subscriptions/${id(subscriptionId)}/cancel`, { body: { atPeriodEnd, ...why } }),
  pauseSubscription: (subscriptionId, behavior, resumesAt) =>
    call(`/subscriptions/${id(subscriptionId)}/pause`, { body: { behavior, ...(resumesAt ? { resumesAt } : {}) } }),
  unpauseSubscription: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/unpause`, { method: 'POST' }),
  chargeCustomer: (customerId, request) => call(`/customers/${id(customerId)}/charges`, { body: request }),
  resumeSubscription: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/resume`, { method: 'POST' }),
  extendSubscription: (subscriptionId, days) => call(`/subscriptions/${id(subscriptionId)}/extend`, { body: { days } }),
  replayEvent: (eventId) => call(`/events/${id(eventId)}/replay`, { method: 'POST' }),
  stats: (series) => call(`/stats/${series}`),
  syncWithStripe: () => call('/sync', { method: 'POST' }),
  retrySchedule: () => call('/retry-schedule'),
  formAnswers: (customerId) => call(`/customers/${id(customerId)}/form-answers`),
};
