import { z } from 'zod';
import { toolTierSchema } from '../gateway-config/tool-policy.schema.js';
import { sha256HexSchema } from '../snapshot/snapshot-envelope.schema.js';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import {
  argumentRulesSettingSchema,
  circuitBreakerSettingSchema,
} from './enforcement-settings.schema.js';
import { scopeNameSchema } from './scope.schema.js';

const jsonObjectSchema = z.record(z.string(), z.unknown());

export const toolVersionRefSchema = z.object({
  id: resourceIdSchema,
  version: z.int().describe('1, 2, 3... per tool, in order of discovery'),
  schemaHash: sha256HexSchema.describe('SHA-256 of the canonical JSON of the input schema'),
});

export const toolResourceSchema = z
  .object({
    id: resourceIdSchema,
    upstreamId: resourceIdSchema,
    name: z.string().describe('As the upstream lists it'),
    title: z.string().nullable(),
    tier: toolTierSchema.describe(
      'read_only, write_safe (idempotency keys) or dangerous (approval); new tools are dangerous',
    ),
    enabled: z.boolean().describe('New tools are disabled until an admin enables them'),
    requiredScopes: z.array(scopeNameSchema).describe('A client needs every one of them'),
    cost: z.number().describe("Counted against tenants' daily cost budgets per call"),
    rules: argumentRulesSettingSchema,
    breaker: circuitBreakerSettingSchema.nullable().describe('null = no circuit breaker'),
    pinnedVersionId: resourceIdSchema
      .nullable()
      .describe('The version clients get unless a canary rule says otherwise; null = latest'),
    latestVersion: toolVersionRefSchema
      .nullable()
      .describe('The version the upstream listed most recently'),
    discoveredAt: isoDateTimeSchema,
    removedAt: isoDateTimeSchema
      .nullable()
      .describe('When the upstream stopped listing it; null while it lists it'),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Tool' });
export type ToolResource = z.infer<typeof toolResourceSchema>;

export const toolVersionResourceSchema = z
  .object({
    ...toolVersionRefSchema.shape,
    description: z.string().nullable(),
    inputSchema: jsonObjectSchema,
    outputSchema: jsonObjectSchema.nullable(),
    annotations: jsonObjectSchema.nullable(),
    firstSeenAt: isoDateTimeSchema,
    lastSeenAt: isoDateTimeSchema,
  })
  .meta({ id: 'ToolVersion' });
export type ToolVersionResource = z.infer<typeof toolVersionResourceSchema>;

export const toolDetailSchema = z
  .object({
    ...toolResourceSchema.shape,
    versions: z.array(toolVersionResourceSchema).describe('Newest first'),
  })
  .meta({ id: 'ToolDetail' });
export type ToolDetail = z.infer<typeof toolDetailSchema>;

export const updateToolBodySchema = z
  .strictObject({
    tier: toolTierSchema.optional(),
    enabled: z.boolean().optional(),
    requiredScopes: z
      .array(scopeNameSchema)
      .max(50, 'must have at most 50 entries')
      .refine((names) => new Set(names).size === names.length, {
        message: 'must not repeat a scope',
      })
      .optional()
      .describe('Replaces the list; every scope must exist'),
    cost: z
      .number()
      .nonnegative('must not be negative')
      .max(1e9, 'must be at most 1e9')
      .optional()
      .describe("Counted against tenants' daily cost budgets per call (default 1)"),
    rules: argumentRulesSettingSchema.optional().describe('Replaces the list'),
    breaker: circuitBreakerSettingSchema.nullable().optional().describe('null removes the breaker'),
    pinnedVersionId: resourceIdSchema
      .nullable()
      .optional()
      .describe('A version of this tool, or null to follow the latest'),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateTool' });
export type UpdateToolBody = z.infer<typeof updateToolBodySchema>;

export const toolIdParamsSchema = z.strictObject({ id: resourceIdSchema });

export const listUpstreamToolsQuerySchema = z.strictObject({
  ...pageQuerySchema.shape,
  includeRemoved: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .default(false)
    .describe('Also list tools the upstream no longer offers'),
});
export type ListUpstreamToolsQuery = z.infer<typeof listUpstreamToolsQuerySchema>;

export const toolPageSchema = pageSchemaOf(toolResourceSchema).meta({ id: 'ToolPage' });
export type ToolPage = z.infer<typeof toolPageSchema>;
