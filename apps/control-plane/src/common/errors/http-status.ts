import type { ApiErrorCode } from '@gatehouse/contracts';

/**
 * Error code → HTTP status, exhaustively: adding a code to the contract without a status
 * here fails the type check.
 */
export const httpStatusOf: { readonly [code in ApiErrorCode]: number } = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};
