import type { ApiErrorCode, ApiErrorIssue } from '@gatehouse/contracts';

/**
 * The one error type services and guards throw. It carries an API error code; the HTTP
 * status is decided in one place (http-status.ts), never by the code that throws.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: readonly ApiErrorIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(issues: readonly ApiErrorIssue[], message?: string): DomainError {
    const summary = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    return new DomainError('validation_failed', message ?? `Invalid request: ${summary}`, issues);
  }

  static notFound(entity: string, id: string): DomainError {
    return new DomainError('not_found', `No ${entity} with id ${id}.`);
  }

  static conflict(message: string): DomainError {
    return new DomainError('conflict', message);
  }

  static unauthenticated(message: string): DomainError {
    return new DomainError('unauthenticated', message);
  }

  static forbidden(message: string): DomainError {
    return new DomainError('forbidden', message);
  }
}
