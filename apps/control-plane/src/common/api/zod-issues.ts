import type { ApiErrorIssue } from '@gatehouse/contracts';
import type { z } from 'zod';

function dotted(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * Zod's issues as the API reports them: one per field, named by its dotted path. An
 * unknown-keys issue names the object, so it is split into one issue per unknown key;
 * a missing field says "is required" rather than zod's "expected string, received undefined".
 */
export function apiIssuesOf(error: z.ZodError): ApiErrorIssue[] {
  const issues: ApiErrorIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: dotted([...issue.path, key]), message: 'is not a known field' });
      }
    } else if (
      issue.code === 'invalid_type' &&
      issue.input === undefined &&
      issue.path.length > 0
    ) {
      issues.push({ path: dotted(issue.path), message: 'is required' });
    } else {
      issues.push({ path: dotted(issue.path), message: issue.message });
    }
  }
  return issues;
}
