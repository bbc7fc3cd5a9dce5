import { z } from 'zod';

/** Ids are UUIDv7 (time-ordered), as the database assigns them. */
export const resourceIdSchema = z.uuid().describe('A UUID assigned by the control plane');

export const isoDateTimeSchema = z.iso.datetime().describe('UTC, ISO 8601');

/** Path parameters of routes addressing one resource by id. */
export const idParamsSchema = z.strictObject({ id: resourceIdSchema });
export type IdParams = z.infer<typeof idParamsSchema>;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Cursor pagination, the query every list route shares. Query strings carry only text,
 * so `limit` is coerced; the cursor is opaque (whatever the previous page returned).
 */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe('The `nextCursor` of the previous page; omit for the first page'),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** One page of a list: `nextCursor` is null on the last page. */
export function pageSchemaOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null when this is the last'),
  });
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
