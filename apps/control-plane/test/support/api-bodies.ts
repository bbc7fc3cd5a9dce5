/** The error envelope every failed admin API call answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    requestId?: string;
  };
}

export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

export function errorOf(body: unknown): ErrorBody['error'] {
  return (body as ErrorBody).error;
}

/** The database is a fresh copy per test file: ids that exist nowhere. */
export const MISSING_ID = '01900000-0000-7000-8000-000000000000';
