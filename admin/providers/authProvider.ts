import type { AuthProvider, UserIdentity } from 'react-admin';
import type { AdminUser, Role } from '../types';
import { getMe, postLogin, postLogout } from './session';

interface Credentials {
  email: string;
  password: string;
}

// react-admin asks checkAuth on every navigation and getIdentity/getPermissions on every
// page; one /me round-trip per page load is enough, the server still checks every request
// and a 401 from any of them (checkError) drops this cache.
let current: Promise<AdminUser | null> | null = null;

function currentUser(): Promise<AdminUser | null> {
  current ??= getMe().catch((error: unknown) => {
    current = null;
    throw error;
  });
  return current;
}

async function requireUser(): Promise<AdminUser> {
  const user = await currentUser();
  if (!user) throw new Error('Not signed in');
  return user;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

export const authProvider: AuthProvider = {
  async login({ email, password }: Credentials) {
    current = null;
    const user = await postLogin(email, password);
    current = Promise.resolve(user);
  },

  async logout() {
    current = null;
    // Logging out of an already-dead session is still a logout; the login page follows either way.
    await postLogout().catch(() => undefined);
  },

  async checkAuth() {
    const user = await currentUser();
    // message: false — a first visit is not an error worth a notification, just the login page.
    if (!user) return Promise.reject({ message: false });
  },

  async checkError(error: unknown) {
    // 401: the session is gone, so react-admin logs out. 403 is a role refusing an action:
    // the session is fine and the user stays signed in.
    if (statusOf(error) === 401) {
      current = null;
      throw new Error('Your session has ended, please sign in again');
    }
  },

  async getIdentity(): Promise<UserIdentity> {
    const user = await requireUser();
    return { id: user.id, fullName: user.name || user.email, email: user.email, role: user.role };
  },

  async getPermissions(): Promise<Role | undefined> {
    const user = await currentUser();
    return user?.role;
  },
};
