import { z } from 'zod';
import type { JsonSchema } from './openapi-types.js';

export type SchemaDirection = 'input' | 'output';

const componentUri = (id: string): string => `#/components/schemas/${id}`;

/** The id a contract gave a schema with `.meta({ id })`, if any. */
export function schemaId(schema: z.ZodType): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' ? id : undefined;
}

// Per-schema keywords that make no sense inside an OpenAPI document.
function tidy(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Collects JSON Schemas (zod 4's own z.toJSONSchema) for an OpenAPI document: schemas
 * with an id become components referenced by `$ref`, others are inlined. Request
 * schemas are converted as inputs (defaults optional, coerced types as sent), responses
 * as outputs.
 */
export class JsonSchemaCollector {
  private readonly named: { readonly [direction in SchemaDirection]: Map<string, z.ZodType> } = {
    input: new Map(),
    output: new Map(),
  };

  /** A `$ref` for an identified schema (collected for `components()`), else the schema inline. */
  reference(schema: z.ZodType, direction: SchemaDirection): JsonSchema {
    const id = schemaId(schema);
    if (id === undefined) return this.inline(schema, direction);
    const existing = this.named[direction].get(id);
    if (existing && existing !== schema)
      throw new Error(`Two different schemas share the OpenAPI id "${id}"`);
    this.named[direction].set(id, schema);
    return { $ref: componentUri(id) };
  }

  /** The schema converted on its own (query strings and path parameters are small and flat). */
  inline(schema: z.ZodType, direction: SchemaDirection): JsonSchema {
    return tidy(z.toJSONSchema(schema, { io: direction, unrepresentable: 'any' }));
  }

  /**
   * Every schema referenced so far, by id. Nested schemas are referenced when they were
   * collected themselves, inlined otherwise.
   */
  components(): Record<string, JsonSchema> {
    const result: Record<string, JsonSchema> = {};
    for (const direction of ['output', 'input'] as const) {
      const registry = z.registry<{ id: string }>();
      for (const [id, schema] of this.named[direction]) registry.add(schema, { id });
      const { schemas } = z.toJSONSchema(registry, {
        io: direction,
        unrepresentable: 'any',
        uri: componentUri,
      });
      for (const [id, schema] of Object.entries(schemas)) {
        const tidied = tidy(schema);
        const clash = result[id];
        if (clash && JSON.stringify(clash) !== JSON.stringify(tidied)) {
          throw new Error(
            `Schema "${id}" differs as request and as response; give the request schema its own id`,
          );
        }
        result[id] = tidied;
      }
    }
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
  }
}
