// Errors in the shapes the Prisma CLI reads from its native schema engine: JSON-RPC error
// objects (`data.error_code`, `data.message`, `data.is_panic`) in server mode, and JSON
// log lines on stderr in `cli` mode. Getting these right is what makes the CLI print
// "P1003: Database `x` does not exist" instead of an opaque "Schema engine error".
import { pgErrorCode } from '../postgres/database-admin.js';
import { databaseUrlParts } from '../postgres/database-url.js';
import type { JsonRpcErrorObject } from './json-rpc.js';
import { DatasourceError } from './pg-adapter-factory.js';
import { webAssembly } from './webassembly.js';

/** The JSON-RPC error code the native engine uses for every engine error. */
const engineErrorCode = 4466;

export interface EngineErrorDetails {
  readonly message: string;
  /** A Prisma error code (P1001, P3005, ...) when one applies. */
  readonly errorCode?: string;
  readonly meta?: unknown;
  /** The Wasm engine trapped (a Rust panic): its state cannot be trusted any more. */
  readonly isPanic: boolean;
}

interface CodedError {
  readonly code?: unknown;
  readonly meta?: unknown;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.trimEnd();
  return String(error);
}

/** Errors thrown by the Wasm engine or by our own Postgres work, with a Prisma code where known. */
export function describeEngineError(error: unknown, databaseUrl?: string): EngineErrorDetails {
  if (error instanceof DatasourceError) {
    return { message: error.message, errorCode: error.errorCode, isPanic: false };
  }
  if (error instanceof webAssembly.RuntimeError) {
    return { message: `The Wasm schema engine panicked: ${messageOf(error)}`, isPanic: true };
  }
  const postgres = describePostgresError(error, databaseUrl);
  if (postgres) return postgres;
  if (typeof error === 'object' && error !== null) {
    const { code, meta } = error as CodedError;
    // The Wasm engine's user-facing errors carry their Prisma code (P3005, P3006, ...).
    if (typeof code === 'string' && /^P\d{4}$/.test(code)) {
      return { message: messageOf(error), errorCode: code, meta, isPanic: false };
    }
  }
  return { message: messageOf(error), isPanic: false };
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/** Maps `pg` errors from our own server-level work to the codes the native engine uses. */
function describePostgresError(
  error: unknown,
  databaseUrl: string | undefined,
): EngineErrorDetails | undefined {
  const code = pgErrorCode(error);
  if (code === undefined || databaseUrl === undefined) return undefined;
  const { database, location } = databaseUrlParts(databaseUrl);
  if (code === '3D000') {
    return {
      message: `Database \`${database}\` does not exist on the database server at \`${location}\`.`,
      errorCode: 'P1003',
      isPanic: false,
    };
  }
  if (unreachableCodes.has(code)) {
    return {
      message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
      errorCode: 'P1001',
      isPanic: false,
    };
  }
  if (code === '28P01' || code === '28000') {
    return {
      message: `Authentication failed against database server at \`${location}\`: ${messageOf(error)}.`,
      errorCode: 'P1000',
      isPanic: false,
    };
  }
  if (code === '42501') {
    return {
      message: `User was denied access on the database server at \`${location}\`: ${messageOf(error)}`,
      errorCode: 'P1010',
      isPanic: false,
    };
  }
  return undefined;
}

export function toJsonRpcError(details: EngineErrorDetails): JsonRpcErrorObject {
  return {
    code: engineErrorCode,
    message: 'An error happened. Check the data field for details.',
    data: {
      is_panic: details.isPanic,
      message: details.message,
      ...(details.errorCode === undefined ? {} : { error_code: details.errorCode }),
      ...(details.meta === undefined ? {} : { meta: details.meta }),
    },
  };
}

/** One stderr log line in the native engine's `tracing` JSON format. */
export function logLine(level: 'INFO' | 'ERROR', message: string, errorCode?: string): string {
  const fields = errorCode === undefined ? { message } : { message, error_code: errorCode };
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields,
    target: 'schema_engine::logger',
  });
}
