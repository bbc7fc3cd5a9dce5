import { z } from 'zod';
import { isoDateTimeSchema, resourceIdSchema } from './common.schema.js';

// "What would the gateway do with this call?", answered from the fleet's current signed
// snapshot with the very functions the gateway enforces with (libs/policy).

const claimsCallerSchema = z
  .strictObject({
    issuer: z.string().min(1, 'must not be empty').describe('One of the fleet’s JWT issuers'),
    claims: z
      .record(z.string(), z.unknown())
      .describe('The verified token’s claims (signature and lifetime are taken as checked)'),
  })
  .describe('Token claims, as if a valid JWT of that issuer carried them');

export const policySimulationBodySchema = z
  .strictObject({
    fleetId: resourceIdSchema.describe('Whose current snapshot decides'),
    client: z
      .string()
      .min(1, 'must not be empty')
      .max(128, 'must be at most 128 characters')
      .optional()
      .describe('A client id: the call as that client makes it with a valid key'),
    claims: claimsCallerSchema.optional(),
    apiKey: z
      .string()
      .min(1, 'must not be empty')
      .max(512, 'must be at most 512 characters')
      .optional()
      .describe('An API key, checked as a node checks it (hash lookup, expiry); never stored'),
    at: isoDateTimeSchema
      .optional()
      .describe('The instant to decide at (key expiry, date rules); default now'),
    call: z.strictObject({
      name: z.string().min(1, 'must not be empty').describe('The tool name the client uses'),
      arguments: z.record(z.string(), z.unknown()).default({}),
    }),
  })
  .refine(
    (body) =>
      [body.client, body.claims, body.apiKey].filter((caller) => caller !== undefined).length <= 1,
    {
      message: 'give one of client, claims or apiKey (none: an anonymous caller)',
      path: ['client'],
      when: (payload) => payload.issues.length === 0,
    },
  )
  .meta({ id: 'PolicySimulationRequest' });
export type PolicySimulationBody = z.infer<typeof policySimulationBodySchema>;

const trailStepSchema = z.object({
  step: z.enum(['authenticate', 'resolve', 'authorize', 'validate', 'limits']),
  rule: z.string().describe('Stable rule id, e.g. `scope:calendar.write`, `schema`, `range:limit`'),
  outcome: z.enum(['pass', 'refuse', 'skip']),
  detail: z.string().optional(),
});

const rateLimitSchema = z.object({ points: z.int(), windowSeconds: z.int() });

export const policySimulationResultSchema = z
  .object({
    fleetId: resourceIdSchema,
    snapshotVersion: z.int().positive().describe('The snapshot the decision comes from'),
    allowed: z.boolean(),
    reason: z
      .string()
      .optional()
      .describe('Why it is refused (`insufficient_scope`, `argument_rule`, ...)'),
    rule: z.string().optional().describe('The rule that refused, as the gateway names it'),
    message: z.string().optional().describe('What the gateway would tell the client'),
    missingScopes: z.array(z.string()).optional(),
    identity: z
      .object({
        tenant: z.string(),
        client: z.string(),
        user: z.string().optional(),
        scopes: z.array(z.string()),
        credential: z.enum(['api_key', 'jwt', 'anonymous']),
        credentialId: z.string().optional(),
      })
      .optional()
      .describe('Who the caller is, once authenticated'),
    route: z
      .object({ upstream: z.string(), tool: z.string(), qualifiedName: z.string() })
      .optional()
      .describe('Where an allowed call goes'),
    limits: z
      .object({
        tenantRateLimit: rateLimitSchema.optional(),
        clientRateLimit: rateLimitSchema.optional(),
        toolRateLimit: rateLimitSchema.optional(),
        redisFailMode: z.enum(['open', 'closed']),
        tenantMaxConcurrentCalls: z.int().optional(),
        maxConcurrency: z.int().optional(),
        maxQueueDepth: z.int(),
        timeoutMs: z.int(),
        breaker: z.object({ failureThreshold: z.int(), openMs: z.int() }).optional(),
        dailyCallBudget: z.int().optional(),
        dailyCostBudget: z.number().optional(),
        cost: z.number(),
      })
      .optional()
      .describe(
        'The budgets an allowed call takes (counters live on the nodes and Redis; not simulated)',
      ),
    trail: z.array(trailStepSchema).describe('Every check, in the order the gateway makes them'),
    problems: z
      .array(z.string())
      .describe(
        "What the snapshot holds that nodes refuse to serve (a tool's schema or rule that does not compile); empty when all is well",
      ),
  })
  .meta({ id: 'PolicySimulationResult' });
export type PolicySimulationResult = z.infer<typeof policySimulationResultSchema>;
