import { z } from 'zod';
import { parseJson } from './json';

/**
 * The ra-data-simple-rest list protocol: sort=["field","ASC"], range=[0,24], filter={...},
 * each a JSON string in the query. Parsed here, whitelisted per resource by the server.
 */
function jsonParam<T extends z.ZodType>(schema: T) {
  return z.string().transform((raw, ctx): z.infer<T> => {
    // Depth first, without recursion: a filter of 7,000 nested arrays must not reach any walk.
    const json = parseJson(raw);
    if (!json.ok) {
      ctx.addIssue({ code: 'custom', message: json.problem });
      return z.NEVER;
    }
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'is invalid' });
      return z.NEVER;
    }
    return parsed.data;
  });
}

export const MAX_PAGE_SIZE = 1000;

export const listQuerySchema = z.object({
  sort: jsonParam(z.tuple([z.string().min(1), z.enum(['ASC', 'DESC'], { message: 'order must be ASC or DESC' })])).optional(),
  range: jsonParam(
    z
      .tuple([z.number().int().min(0), z.number().int().min(0)])
      .refine(([start, end]) => end >= start, 'end must not be before start')
      .refine(([start, end]) => end - start < MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE} rows per page`),
  ).optional(),
  filter: jsonParam(z.record(z.string(), z.unknown())).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
