import { z } from 'zod';
import { envInt } from './env-scalars.js';
import { rateLimitSchema, redisFailModeSchema } from './rate-limit.schema.js';
import { toolAccessSchema } from './tool-access.schema.js';

export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits or dashes');

/** A tenant is a boundary nothing crosses: tools, sessions, caches, limits and errors. */
export const tenantSchema = z
  .object({
    id: tenantIdSchema,
    name: z.string().min(1),
    /** Calls of every client of the tenant, shared across nodes. */
    rateLimit: rateLimitSchema.optional(),
    /** Applied to each client of the tenant that has no rate limit of its own. */
    clientRateLimit: rateLimitSchema.optional(),
    redisFailMode: redisFailModeSchema.default('open'),
    /** Tool calls per UTC day. */
    dailyCallBudget: envInt(1, 1_000_000_000).optional(),
    /** Sum of the catalog cost of the tools called, per UTC day. */
    dailyCostBudget: z.number().positive().optional(),
    /** Tool calls of the tenant in flight at once on one node. */
    maxConcurrentCalls: envInt(1, 100_000).optional(),
    toolAccess: toolAccessSchema.optional(),
  })
  .strict();

export type TenantConfig = z.infer<typeof tenantSchema>;
