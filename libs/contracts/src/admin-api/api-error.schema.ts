import { z } from 'zod';

/**
 * Every error the admin API answers with carries one of these codes. The control plane
 * maps each to an HTTP status in one place; clients branch on the code, not the text.
 */
export const apiErrorCodeSchema = z.enum([
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiErrorIssueSchema = z.object({
  path: z
    .string()
    .describe(
      'The offending field, dotted (`budget.burst`, `items.0.name`); "" for the whole input',
    ),
  message: z.string(),
});
export type ApiErrorIssue = z.infer<typeof apiErrorIssueSchema>;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: apiErrorCodeSchema,
      message: z.string().describe('For people: what went wrong and what to do about it'),
      issues: z
        .array(apiErrorIssueSchema)
        .optional()
        .describe('For validation_failed: one entry per bad field'),
      requestId: z
        .string()
        .optional()
        .describe('Quote it when reporting a problem; logs carry the same id'),
    }),
  })
  .meta({ id: 'ApiError', description: 'The body of every error response' });
export type ApiError = z.infer<typeof apiErrorSchema>;
