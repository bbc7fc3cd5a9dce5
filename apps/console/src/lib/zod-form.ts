import type { z } from 'zod';
import { ApiError } from './api-client';

/** Field path → first message, from a zod error or an API validation_failed answer. */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[] | string; message: string }[],
): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = Array.isArray(issue.path) ? issue.path.map(String).join('.') : String(issue.path);
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Validates a form with the shared contract schema: the data, or the field errors. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** The API's per-field issues (paths like "body.name") keyed by field name. */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  return fieldErrorsOf(
    error.issues.map((issue) => ({
      path: String(issue.path).replace(/^(body|query|params)\./, ''),
      message: issue.message,
    })),
  );
}
