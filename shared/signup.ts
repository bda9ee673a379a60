import { z } from 'zod';

/** The hosted signup form's fields, as posted by a browser (strings only). */
export const signupFormSchema = z.object({
  plan: z
    .string({ message: 'Choose a plan' })
    .regex(/^\d{1,9}$/, 'Choose a plan')
    .transform(Number),
  email: z.string({ message: 'Enter your e-mail address' }).trim().max(254, 'That e-mail address is too long').pipe(z.email('Enter a valid e-mail address')),
  name: z.string({ message: 'Enter your name' }).trim().min(1, 'Enter your name').max(100, 'Keep your name under 100 characters'),
});
export type SignupForm = z.infer<typeof signupFormSchema>;
