import { createSignupForm, deleteSignupForm, updateSignupForm } from '../billing/signupForms';
import type { AppDeps } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { signupFormInputSchema, signupFormUpdateSchema } from '../../shared/signupForms';
import { present, readOnlyResource } from './readOnlyResource';

/** Signup forms (admins and owners write, viewers read: requireAdmin); every change is audited. */
export function signupFormRoutes({ db }: AppDeps) {
  return readOnlyResource('signup-forms')
    .post('/', async (c) => c.json(present(await createSignupForm(db, await jsonBody(c, signupFormInputSchema), c.get('user'))), 201))
    .put('/:id', async (c) => c.json(present(await updateSignupForm(db, idParam(c), await jsonBody(c, signupFormUpdateSchema), c.get('user')))))
    .delete('/:id', async (c) => c.json(present(await deleteSignupForm(db, idParam(c), c.get('user')))));
}
