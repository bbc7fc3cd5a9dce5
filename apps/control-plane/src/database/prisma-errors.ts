import { Prisma } from '@gatehouse/db';
import { DomainError } from '../common/errors/domain-error.js';

/** What to tell the API client when a write hits a constraint. */
export interface ConstraintMessages {
  /** P2002, a unique constraint: typically "a tenant named X already exists". */
  readonly conflict?: string;
  /** P2025, the row to change or delete is gone. */
  readonly notFound?: string;
  /** P2003, a foreign key: a referenced row is missing (or, on delete, still referenced). */
  readonly reference?: string;
}

interface AdapterErrorMeta {
  readonly modelName?: unknown;
  readonly driverAdapterError?: {
    readonly cause?: { readonly constraint?: { readonly index?: unknown } };
  };
}

function constraintName(meta: AdapterErrorMeta | undefined): string | undefined {
  const index = meta?.driverAdapterError?.cause?.constraint?.index;
  return typeof index === 'string' ? index : undefined;
}

/**
 * Turns Prisma's constraint errors into domain errors (409 / 404), with the caller's
 * wording when it has some. Anything else is returned as is.
 */
export function translatePrismaError(error: unknown, messages: ConstraintMessages = {}): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  const meta = error.meta as AdapterErrorMeta | undefined;
  const model = typeof meta?.modelName === 'string' ? meta.modelName : 'record';
  const constraint = constraintName(meta);
  switch (error.code) {
    case 'P2002':
      return DomainError.conflict(
        messages.conflict ??
          `A ${model} with the same unique value already exists${constraint ? ` (constraint ${constraint})` : ''}.`,
      );
    case 'P2025':
      return new DomainError(
        'not_found',
        messages.notFound ?? `The ${model} does not exist (any more).`,
      );
    case 'P2003':
      // A missing reference on insert and a still-referenced row on delete share this code;
      // callers that can tell them apart say which through `messages.reference`.
      return new DomainError(
        'not_found',
        messages.reference ??
          `A ${model} refers to a record that does not exist${constraint ? ` (${constraint})` : ''}.`,
      );
    default:
      return error;
  }
}

/** Awaits a repository write, translating constraint errors with the given wording. */
export async function withConstraintMessages<T>(
  work: Promise<T>,
  messages: ConstraintMessages,
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw translatePrismaError(error, messages);
  }
}
