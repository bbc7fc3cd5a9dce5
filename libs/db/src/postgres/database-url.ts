// Helpers for Postgres connection URLs. The schema engine, the migration runner and the
// fallback all need "the same server, another database" (a shadow database, the
// maintenance database for CREATE DATABASE), and must never print a password.

/** The parts of a Postgres URL we act on. */
export interface DatabaseUrlParts {
  /** The database named by the URL path (Postgres' default is `postgres`). */
  readonly database: string;
  /** The `?schema=` parameter Prisma understands; `public` when absent. */
  readonly schema: string;
  /** `host:port`, for messages. */
  readonly location: string;
}

const postgresProtocols = new Set(['postgres:', 'postgresql:']);

function parse(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      'The database URL is not a valid URL (expected postgresql://user@host:port/database).',
    );
  }
  if (!postgresProtocols.has(parsed.protocol)) {
    throw new Error(`The database URL must start with postgresql:// (got ${parsed.protocol}//).`);
  }
  return parsed;
}

export function databaseUrlParts(url: string): DatabaseUrlParts {
  const parsed = parse(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const schema = parsed.searchParams.get('schema') ?? 'public';
  const location = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  return { database, schema, location };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = parse(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * The URL as `pg` should see it: Prisma's `schema` parameter is not a libpq option, so it
 * is taken out (the adapter gets it as an option instead).
 */
export function pgConnectionString(url: string): string {
  const parsed = parse(url);
  parsed.searchParams.delete('schema');
  return parsed.toString();
}

/** The URL without its password, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid database URL>';
  }
}

/** Double-quotes an identifier for SQL (database names come from URLs, not from code). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
