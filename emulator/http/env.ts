import type { Context } from 'hono';
import type { FormObject } from './form';
import type { EventOrigin } from '../events/bus';
import { Params } from './params';

export interface EmulatorEnv {
  Variables: {
    requestId: string;
    form: FormObject;
  };
}

export type Ctx = Context<EmulatorEnv>;

export function paramsOf(c: Ctx): Params {
  return new Params(c.get('form'));
}

export function originOf(c: Ctx): EventOrigin {
  return { id: c.get('requestId'), idempotency_key: c.req.header('idempotency-key') ?? null };
}
