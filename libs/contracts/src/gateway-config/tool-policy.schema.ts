import { z } from 'zod';
import { argumentRuleSchema } from './argument-rule.schema.js';
import { envBoolean, envInt } from './env-scalars.js';
import { rateLimitSchema } from './rate-limit.schema.js';
import { upstreamNameSchema } from './upstream.schema.js';

export const toolTierSchema = z.enum(['read_only', 'write_safe', 'dangerous']);

/** Backpressure and failure handling for one tool, on each node. */
export const toolLimitsSchema = z
  .object({
    /** Calls of this tool in flight at once on a node (per tenant). */
    maxConcurrency: envInt(1, 100_000).optional(),
    /** Calls waiting for a slot; beyond it a call is refused at once. */
    maxQueueDepth: envInt(0, 1_000_000).default(0),
    /** Deadline of a call; the upstream gets `notifications/cancelled` when it passes. */
    timeoutMs: envInt(10, 3_600_000).optional(),
    /** Calls of this tool per client, shared across nodes. */
    rateLimit: rateLimitSchema.optional(),
    /** Serialized `arguments` larger than this are refused. */
    maxArgumentBytes: envInt(2, 256 * 1024 * 1024).optional(),
  })
  .strict();

/** Opens after `failureThreshold` consecutive failures; one probe is let through after `openMs`. */
export const circuitBreakerSchema = z
  .object({
    failureThreshold: envInt(1, 10_000).default(5),
    openMs: envInt(100, 3_600_000).default(30_000),
  })
  .strict();

/**
 * What the catalog says about one upstream tool. Tools the config does not name are served as
 * the upstream lists them (open catalogs); a named tool can be disabled (hidden and refused),
 * given a tier, the scopes a client needs, the schema its arguments must satisfy, semantic
 * rules, a cost, limits and a circuit breaker.
 */
export const toolPolicySchema = z
  .object({
    upstream: upstreamNameSchema,
    name: z.string().min(1),
    enabled: envBoolean().default(true),
    tier: toolTierSchema.optional(),
    requiredScopes: z.array(z.string().min(1)).default([]),
    /** SHA-256 of the input schema the catalog approved (versions; canaries come later). */
    schemaHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** JSON Schema the arguments must satisfy (the catalog version's `inputSchema`). */
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    rules: z.array(argumentRuleSchema).default([]),
    /** Counted against daily cost budgets per call. */
    cost: z.number().nonnegative().default(1),
    limits: toolLimitsSchema.optional(),
    breaker: circuitBreakerSchema.optional(),
  })
  .strict();

export type ToolTier = z.infer<typeof toolTierSchema>;
export type ToolLimits = z.infer<typeof toolLimitsSchema>;
export type CircuitBreakerConfig = z.infer<typeof circuitBreakerSchema>;
export type ToolPolicy = z.infer<typeof toolPolicySchema>;
