import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import {
  rateLimitSettingSchema,
  redisFailModeSettingSchema,
} from './enforcement-settings.schema.js';

// Budgets go into the fleets' snapshots and gateway nodes enforce them. Every limit is
// optional: absent or null means "no limit of that kind". A PUT replaces the whole budget.

function limit(min: number, max: number, description: string) {
  return z
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .nullable()
    .describe(description);
}

const MIB = 1024 * 1024;

const requestsPerMinute = limit(1, 10_000_000, 'Calls per minute, shared by every gateway node');
const maxQueueDepth = limit(0, 100_000, 'Calls that may wait for a free slot (0: none wait)');
const timeoutMs = (what: string) => limit(100, 3_600_000, what);
const maxRequestBytes = limit(1024, 256 * MIB, 'Largest call arguments accepted, in bytes');
const maxResponseBytes = limit(1024, 256 * MIB, 'Largest tool result passed on, in bytes');

const tenantLimits = {
  requestsPerMinute,
  burst: limit(1, 1_000_000, 'Calls allowed at once above the steady rate'),
  maxConcurrentCalls: limit(1, 100_000, 'Calls of the tenant in flight at once'),
  maxQueueDepth,
  defaultTimeoutMs: timeoutMs('Deadline of a call when the tool sets none'),
  maxRequestBytes,
  maxResponseBytes,
  rateLimit: rateLimitSettingSchema
    .nullable()
    .describe('Calls of the whole tenant per window, across nodes (instead of requestsPerMinute)'),
  clientRateLimit: rateLimitSettingSchema
    .nullable()
    .describe('Applied to each client of the tenant that has no rate limit of its own'),
  redisFailMode: redisFailModeSettingSchema.nullable().describe('null = open'),
  dailyCallBudget: limit(1, 1_000_000_000, 'Tool calls of the tenant per UTC day'),
  dailyCostBudget: z
    .number()
    .positive('must be positive')
    .max(1e12, 'must be at most 1e12')
    .nullable()
    .describe('Sum of the catalog cost of the tools called, per UTC day'),
};

const toolLimits = {
  maxConcurrency: limit(1, 100_000, 'Calls of the tool in flight at once'),
  maxQueueDepth,
  requestsPerMinute,
  timeoutMs: timeoutMs('Deadline of one call of the tool'),
  maxRequestBytes,
  maxResponseBytes,
};

function withDefaults<T extends Record<string, z.ZodNullable<z.ZodType>>>(shape: T) {
  return Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, schema.default(null)]),
  ) as { [K in keyof T]: z.ZodDefault<T[K]> };
}

const atLeastOneLimit = {
  message: 'set at least one limit (DELETE the budget to remove them all)',
  when: (payload: z.core.ParsePayload) => payload.issues.length === 0,
};

function someLimitSet(body: Record<string, unknown>): boolean {
  return Object.values(body).some((value) => value !== null);
}

export const tenantBudgetBodySchema = z
  .strictObject(withDefaults(tenantLimits))
  .refine(someLimitSet, atLeastOneLimit)
  .refine((body) => body.burst === null || body.requestsPerMinute !== null, {
    message: 'needs requestsPerMinute: a burst is allowed above a steady rate',
    path: ['burst'],
    when: (payload) => payload.issues.length === 0,
  })
  .refine((body) => body.requestsPerMinute === null || body.rateLimit === null, {
    message: 'set either rateLimit or requestsPerMinute, not both',
    path: ['rateLimit'],
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'PutTenantBudget' });
export type TenantBudgetBody = z.infer<typeof tenantBudgetBodySchema>;

export const tenantBudgetResourceSchema = z
  .object({ tenantId: resourceIdSchema, ...tenantLimits, updatedAt: isoDateTimeSchema })
  .meta({ id: 'TenantBudget' });
export type TenantBudgetResource = z.infer<typeof tenantBudgetResourceSchema>;

export const toolBudgetBodySchema = z
  .strictObject(withDefaults(toolLimits))
  .refine(someLimitSet, atLeastOneLimit)
  .meta({ id: 'PutToolBudget' });
export type ToolBudgetBody = z.infer<typeof toolBudgetBodySchema>;

export const toolBudgetResourceSchema = z
  .object({ toolId: resourceIdSchema, ...toolLimits, updatedAt: isoDateTimeSchema })
  .meta({ id: 'ToolBudget' });
export type ToolBudgetResource = z.infer<typeof toolBudgetResourceSchema>;

export const tenantToolBudgetResourceSchema = z
  .object({
    tenantId: resourceIdSchema,
    toolId: resourceIdSchema,
    ...toolLimits,
    updatedAt: isoDateTimeSchema,
  })
  .meta({
    id: 'TenantToolBudget',
    description: "One tenant's limits on one tool, overriding the tool's budget where set",
  });
export type TenantToolBudgetResource = z.infer<typeof tenantToolBudgetResourceSchema>;

export const tenantBudgetParamsSchema = z.strictObject({ tenantId: resourceIdSchema });
export type TenantBudgetParams = z.infer<typeof tenantBudgetParamsSchema>;

export const toolBudgetParamsSchema = z.strictObject({ toolId: resourceIdSchema });
export type ToolBudgetParams = z.infer<typeof toolBudgetParamsSchema>;

export const tenantToolBudgetParamsSchema = z.strictObject({
  tenantId: resourceIdSchema,
  toolId: resourceIdSchema,
});
export type TenantToolBudgetParams = z.infer<typeof tenantToolBudgetParamsSchema>;

export const listTenantToolBudgetsQuerySchema = pageQuerySchema;
export type ListTenantToolBudgetsQuery = z.infer<typeof listTenantToolBudgetsQuerySchema>;

export const tenantToolBudgetPageSchema = pageSchemaOf(tenantToolBudgetResourceSchema).meta({
  id: 'TenantToolBudgetPage',
});
export type TenantToolBudgetPage = z.infer<typeof tenantToolBudgetPageSchema>;
