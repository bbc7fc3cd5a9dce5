import { z } from 'zod';

/** A dotted path into the arguments object (`limit`, `range.from`). */
const argumentPath = z
  .string()
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a dotted path such as "range.from"');

const base = { argument: argumentPath, id: z.string().min(1).optional() };

/**
 * Semantic rules beyond the JSON Schema, checked before the upstream sees a call. Each refusal
 * names the rule (its `id`, or `<kind>:<argument>`) and what to change.
 */
export const argumentRuleSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('required') }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('range'),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('dateRange'),
      /** ISO 8601 instants or durations relative to now (`-P30D`, `P7D`). */
      notBefore: z.string().min(1).optional(),
      notAfter: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('pattern'), pattern: z.string().min(1) }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('enum'),
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('blocklist'),
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('maxLength'), max: z.int().nonnegative() }).strict(),
]);

export type ArgumentRule = z.infer<typeof argumentRuleSchema>;
