import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import { descriptionSchema } from './description.schema.js';

// Canary rules are stored now and enforced by the gateway in a later issue.

const percentageSchema = z
  .int('must be an integer')
  .min(0, 'must be at least 0')
  .max(100, 'must be at most 100')
  .describe('Share of the matching clients (by a stable hash of the client id); null = all');

const prioritySchema = z
  .int('must be an integer')
  .min(-1000, 'must be at least -1000')
  .max(1000, 'must be at most 1000')
  .describe('Among the rules matching a call, the highest priority wins');

export const canaryRuleResourceSchema = z
  .object({
    id: resourceIdSchema,
    toolId: resourceIdSchema,
    toolVersionId: resourceIdSchema.describe('The version the matching clients get'),
    tenantId: resourceIdSchema.nullable().describe('Only clients of this tenant'),
    clientId: resourceIdSchema.nullable().describe('Only this client'),
    percentage: z.int().nullable(),
    priority: z.int(),
    enabled: z.boolean(),
    description: z.string().nullable(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'CanaryRule' });
export type CanaryRuleResource = z.infer<typeof canaryRuleResourceSchema>;

export const createCanaryRuleBodySchema = z
  .strictObject({
    toolId: resourceIdSchema,
    toolVersionId: resourceIdSchema.describe('A version of the tool'),
    tenantId: resourceIdSchema.nullable().default(null),
    clientId: resourceIdSchema.nullable().default(null),
    percentage: percentageSchema.nullable().default(null),
    priority: prioritySchema.default(0),
    enabled: z.boolean().default(true),
    description: descriptionSchema.nullable().default(null),
  })
  .refine((body) => body.tenantId !== null || body.clientId !== null || body.percentage !== null, {
    message:
      "say whom the rule routes: a tenantId, a clientId, or a percentage (to pin every client, PATCH the tool's pinnedVersionId)",
    when: (payload) => payload.issues.length === 0,
  })
  .refine((body) => body.clientId === null || body.percentage === null, {
    message: 'a rule for one client routes all of its calls; leave percentage out',
    path: ['percentage'],
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'CreateCanaryRule' });
export type CreateCanaryRuleBody = z.infer<typeof createCanaryRuleBodySchema>;

// Whom the rule matches (tool, tenant, client) is fixed: make a new rule to route others.
export const updateCanaryRuleBodySchema = z
  .strictObject({
    toolVersionId: resourceIdSchema.optional(),
    percentage: percentageSchema.nullable().optional(),
    priority: prioritySchema.optional(),
    enabled: z.boolean().optional(),
    description: descriptionSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateCanaryRule' });
export type UpdateCanaryRuleBody = z.infer<typeof updateCanaryRuleBodySchema>;

export const canaryRuleIdParamsSchema = z.strictObject({ id: resourceIdSchema });

export const listCanaryRulesQuerySchema = z.strictObject({
  ...pageQuerySchema.shape,
  toolId: resourceIdSchema.optional().describe("Only this tool's rules"),
  tenantId: resourceIdSchema.optional().describe("Only this tenant's rules"),
});
export type ListCanaryRulesQuery = z.infer<typeof listCanaryRulesQuerySchema>;

export const canaryRulePageSchema = pageSchemaOf(canaryRuleResourceSchema).meta({
  id: 'CanaryRulePage',
});
export type CanaryRulePage = z.infer<typeof canaryRulePageSchema>;
