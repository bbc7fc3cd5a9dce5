import { HttpException } from '@nestjs/common';
import type { ApiError, ApiErrorCode } from '@gatehouse/contracts';
import { DomainError } from './domain-error.js';
import { httpStatusOf } from './http-status.js';

export interface ApiErrorResponse {
  readonly status: number;
  readonly body: ApiError;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  readonly unexpected: boolean;
}

interface FastifyErrorLike {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
}

// Fastify rejects some requests before any handler runs (body parsing, limits).
const fastifyErrors: {
  readonly [code: string]: { readonly code: ApiErrorCode; readonly message: string };
} = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'malformed_request',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'malformed_request',
    message: 'The request says Content-Type: application/json but has an empty body.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'malformed_request',
    message: 'Send the body as JSON, with Content-Type: application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: 'The request body is larger than this server accepts.',
  },
};

function fastifyErrorOf(error: unknown): FastifyErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
    case 405:
    case 406:
    case 415:
      return 'malformed_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 503:
      return 'unavailable';
    default:
      return status >= 400 && status < 500 ? 'malformed_request' : 'internal';
  }
}

function respond(
  code: ApiErrorCode,
  message: string,
  requestId: string | undefined,
  extra: Partial<ApiError['error']> = {},
) {
  return {
    status: httpStatusOf[code],
    body: { error: { code, message, ...extra, ...(requestId ? { requestId } : {}) } },
  };
}

/**
 * Any thrown value → the status and body the API answers with. Domain errors say what
 * they are; framework errors are classified by their status; everything else is a 500
 * that shows no internals.
 */
export function toApiError(error: unknown, requestId?: string): ApiErrorResponse {
  if (error instanceof DomainError) {
    const extra = error.issues ? { issues: [...error.issues] } : {};
    return {
      ...respond(error.code, error.message, requestId, extra),
      unexpected: error.code === 'internal',
    };
  }
  // Nest wraps Fastify's own request errors (unparseable JSON, too large) in an HttpException.
  const fastifyError = fastifyErrorOf(
    error instanceof HttpException && error.cause !== undefined ? error.cause : error,
  );
  const known =
    typeof fastifyError.code === 'string' ? fastifyErrors[fastifyError.code] : undefined;
  if (known) return { ...respond(known.code, known.message, requestId), unexpected: false };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeForStatus(status);
    const message =
      code === 'not_found'
        ? 'No such route. The admin API lives under /api/v1; see /api/openapi.json.'
        : error.message;
    return { ...respond(code, message, requestId), unexpected: status >= 500 };
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const message =
      typeof fastifyError.message === 'string' ? fastifyError.message : 'Bad request.';
    return {
      ...respond(codeForStatus(fastifyError.statusCode), message, requestId),
      unexpected: false,
    };
  }
  return {
    ...respond(
      'internal',
      'Something went wrong on our side; the error is logged with this request id.',
      requestId,
    ),
    unexpected: true,
  };
}
