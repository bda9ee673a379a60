import { ROLES } from '../../shared/api';
import type { AdminUser, Role } from '../types';

// The session API (DESIGN §3) lives on the same origin as the admin; the session itself is an
// HttpOnly cookie the browser sends for us, so nothing here ever sees or stores a token.
const AUTH_URL = '/api/auth';

export class SessionError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toAdminUser(body: unknown): AdminUser {
  if (
    !isRecord(body) ||
    (typeof body.id !== 'number' && typeof body.id !== 'string') ||
    typeof body.email !== 'string' ||
    !(ROLES as readonly string[]).includes(String(body.role))
  ) {
    throw new SessionError('The server sent an unexpected user record', 0);
  }
  const name = typeof body.name === 'string' ? body.name : null;
  return { id: body.id, email: body.email, name, role: body.role as Role };
}

async function readMessage(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (isRecord(body) && typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // A proxy error page or an empty body: fall back to the status line.
  }
  return res.statusText || `Request failed (${res.status})`;
}

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(`${AUTH_URL}/${path}`, {
      ...init,
      credentials: 'include',
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    throw new SessionError('Cannot reach the Recur server', 0);
  }
}

export async function postLogin(email: string, password: string): Promise<AdminUser> {
  const res = await send('login', { method: 'POST', body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new SessionError(await readMessage(res), res.status);
  return toAdminUser(await res.json());
}

/** The signed-in user, or null when the session is missing or expired. */
export async function getMe(): Promise<AdminUser | null> {
  const res = await send('me');
  if (res.status === 401) return null;
  if (!res.ok) throw new SessionError(await readMessage(res), res.status);
  return toAdminUser(await res.json());
}

export async function postLogout(): Promise<void> {
  await send('logout', { method: 'POST' });
}
