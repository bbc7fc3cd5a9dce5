import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Validates a tool's arguments against its JSON Schema; compiled once per snapshot. */
export type ArgumentValidator = (args: unknown) => string | undefined;

const DRAFT_07 = /json-schema\.org\/draft-0[4-7]\/schema/;

/**
 * One Ajv per dialect for a snapshot: MCP 2025-11-25 defaults to JSON Schema 2020-12, and
 * older servers still declare draft-07 through `$schema`.
 */
export class SchemaCompiler {
  private readonly modern = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  private readonly legacy = new Ajv({ allErrors: true, strict: false, validateFormats: true });

  constructor() {
    addFormats.default(this.modern);
    addFormats.default(this.legacy);
  }

  /** A validator, or the reason the schema does not compile. */
  compile(schema: Record<string, unknown>): ArgumentValidator | { error: string } {
    const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
    const ajv = DRAFT_07.test(dialect) ? this.legacy : this.modern;
    // Tools are compiled side by side: a shared `$id` must not collide, and draft-04/06 URIs
    // are read as draft-07, which Ajv knows.
    const { $id: _id, $schema: _dialect, ...body } = schema;
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(body);
    } catch (error) {
      return { error: (error as Error).message };
    }
    return (args) => (validate(args) ? undefined : describeErrors(validate.errors ?? []));
  }
}

/** The first few Ajv errors as one sentence naming each argument's path. */
export function describeErrors(errors: readonly ErrorObject[]): string {
  const parts = errors.slice(0, 3).map((error) => {
    const base = pathOf(error.instancePath);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string')
      return `${join(base, params.missingProperty)} is required`;
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
      return `${join(base, params.additionalProperty)} is not a known argument; remove it`;
    if (error.keyword === 'enum' && Array.isArray(params.allowedValues))
      return `${base || 'arguments'} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    return `${base || 'arguments'} ${error.message ?? 'is invalid'}`;
  });
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return parts.join('; ') + more;
}

function pathOf(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}
