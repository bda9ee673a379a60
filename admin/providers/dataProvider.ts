import { fetchUtils, type DataProvider, type GetOneResult, type Identifier, type UpdateResult, type RaRecord } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import type { AccessPolicy, ChangePreview, FormAnswers, InboxEvent, NextCharge, Payment, RefundRequest, RetrySchedule, Stats, Subscription, SyncReport } from '../types';

// Same-origin API with the session cookie. fetchJson rejects with an HttpError whose message is
// the server's `message` and whose body keeps `errors`, which is what react-admin notifies with
// and what forms map onto their fields.
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  return fetchUtils.fetchJson(url, { ...options, credentials: 'include' });
}

const API = '/api';

/** The server's JSON for a request; its shape is the contract written down in ../types.ts. */
async function call<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const body = init.body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(init.body);
  const { json }: { json: T } = await httpClient(`${API}${path}`, { method, body });
  return json;
}

/** Settings are one document at /api/settings; react-admin's Edit wants a record with an id. */
export const SETTINGS_ID = 'access-policy';
export interface SettingsRecord extends RaRecord {
  accessPolicy: AccessPolicy;
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
  cancelSubscription(id: Identifier, atPeriodEnd: boolean): Promise<Subscription>;
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
    const settings = await call<{ accessPolicy: AccessPolicy }>('/settings');
    const result: GetOneResult = { data: { id: SETTINGS_ID, ...settings } };
    return result;
  },
  async update(resource, params) {
    if (resource !== 'settings') return rest.update(resource, params);
    const policy: unknown = params.data.accessPolicy;
    const settings = await call<{ accessPolicy: AccessPolicy }>('/settings', { method: 'PUT', body: { accessPolicy: policy } });
    const result: UpdateResult = { data: { id: SETTINGS_ID, ...settings } };
    return result;
  },
  retryPayment: (paymentId) => call(`/payments/${id(paymentId)}/retry`, { method: 'POST' }),
  refundPayment: (paymentId, request) => call(`/payments/${id(paymentId)}/refund`, { body: request }),
  previewPlanChange: (subscriptionId, planId) => call(`/subscriptions/${id(subscriptionId)}/preview?plan=${id(planId)}`),
  changePlan: (subscriptionId, planId, prorationDate, confirmIntervalChange) =>
    call(`/subscriptions/${id(subscriptionId)}/change-plan`, { body: { planId, prorationDate, ...(confirmIntervalChange ? { confirmIntervalChange: true } : {}) } }),
  upcomingCharge: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/upcoming`),
  cancelSubscription: (subscriptionId, atPeriodEnd) => call(`/subscriptions/${id(subscriptionId)}/cancel`, { body: { atPeriodEnd } }),
  resumeSubscription: (subscriptionId) => call(`/subscriptions/${id(subscriptionId)}/resume`, { method: 'POST' }),
  extendSubscription: (subscriptionId, days) => call(`/subscriptions/${id(subscriptionId)}/extend`, { body: { days } }),
  replayEvent: (eventId) => call(`/events/${id(eventId)}/replay`, { method: 'POST' }),
  stats: (series) => call(`/stats/${series}`),
  syncWithStripe: () => call('/sync', { method: 'POST' }),
  retrySchedule: () => call('/retry-schedule'),
  formAnswers: (customerId) => call(`/customers/${id(customerId)}/form-answers`),
};
