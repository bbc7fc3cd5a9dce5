import { z } from 'zod';
import { argumentRuleSchema } from '../gateway-config/argument-rule.schema.js';

// Settings the gateway enforces, as the admin API takes and shows them. Nested in tenant
// budgets, clients and tools; no OpenAPI ids (they are inlined where used).

export const rateLimitSettingSchema = z
  .strictObject({
    points: z
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(100_000_000, 'must be at most 100000000')
      .describe('Calls allowed per window'),
    windowSeconds: z
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(86_400, 'must be at most 86400')
      .describe('Length of the window, in seconds'),
  })
  .describe('`points` calls per `windowSeconds`, counted across every gateway node (Redis)');
export type RateLimitSetting = z.infer<typeof rateLimitSettingSchema>;

const toolNamePatterns = z
  .array(z.string().min(1, 'must not be empty').max(300, 'must be at most 300 characters'))
  .max(500, 'must have at most 500 entries');

export const toolAccessSettingSchema = z
  .strictObject({
    allow: toolNamePatterns
      .default([])
      .describe(
        'Tool names as clients see them (`<namespace>__<tool>`, `*` wildcard); empty = all',
      ),
    block: toolNamePatterns.default([]).describe('Always refused, whatever `allow` says'),
  })
  .describe('Allow- and blocklists of tools, on top of scopes');
export type ToolAccessSetting = z.infer<typeof toolAccessSettingSchema>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

export const argumentRulesSettingSchema = z
  .array(argumentRuleSchema)
  .max(100, 'must have at most 100 rules')
  .superRefine((rules, ctx) => {
    rules.forEach((rule, index) => {
      if (rule.kind === 'pattern' && !compiles(rule.pattern))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'pattern'],
          message: 'must be a valid regular expression',
        });
      if (
        rule.kind === 'range' &&
        rule.min !== undefined &&
        rule.max !== undefined &&
        rule.min > rule.max
      )
        ctx.addIssue({ code: 'custom', path: [index, 'max'], message: 'must be at least min' });
    });
    const ids = rules.flatMap((rule) => (rule.id === undefined ? [] : [rule.id]));
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: [], message: 'rule ids must be unique' });
  })
  .describe(
    'Semantic rules on arguments, checked after the JSON Schema: required, range, dateRange, pattern, enum, blocklist, maxLength',
  );
export type ArgumentRulesSetting = z.infer<typeof argumentRulesSettingSchema>;

export const circuitBreakerSettingSchema = z
  .strictObject({
    failureThreshold: z
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000')
      .describe('Consecutive failures that open the breaker'),
    openMs: z
      .int('must be an integer')
      .min(100, 'must be at least 100')
      .max(3_600_000, 'must be at most 3600000')
      .describe('How long it stays open before one probe call is let through'),
  })
  .describe('Per upstream tool, on each node');
export type CircuitBreakerSetting = z.infer<typeof circuitBreakerSettingSchema>;

export const redisFailModeSettingSchema = z
  .enum(['open', 'closed'])
  .describe(
    'When Redis is unreachable: open = keep serving with a node-local limiter, closed = refuse calls that need a shared limit',
  );
