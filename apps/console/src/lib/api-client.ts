import type { ApiError as ApiErrorBody, ApiErrorIssue } from '@gatehouse/contracts';

let csrfToken: string | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every mutation (set by the session query). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** An error answer of the admin API, with its code and per-field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ApiErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** fetch() against the admin API with the session cookie (same origin) and CSRF header. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    if (isErrorBody(parsed))
      throw new ApiError(
        response.status,
        parsed.error.code,
        parsed.error.message,
        parsed.error.issues ?? [],
      );
    throw new ApiError(response.status, 'unknown', `${response.status} ${response.statusText}`);
  }
  return parsed as T;
}

/** Query string from defined values only. */
export function query(
  params: Readonly<Record<string, string | number | boolean | undefined>>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
