import type { UpstreamConfig } from '@gatehouse/contracts';
import type { CompiledPolicy, CompiledTool } from './compiled-policy.js';
import type { CallerIdentity, CallLimits } from './policy-types.js';

/** The budgets a call takes: the tenant's, the client's (else the tenant's per-client default), the tool's. */
export function resolveCallLimits(
  policy: CompiledPolicy,
  identity: CallerIdentity,
  upstream: UpstreamConfig,
  tool: CompiledTool | undefined,
): CallLimits {
  const tenant = policy.tenants.get(identity.tenant)?.config;
  const client = policy.clients.get(identity.client)?.config;
  const toolLimits = tool?.policy.limits;
  const clientRateLimit = client?.rateLimit ?? tenant?.clientRateLimit;
  return {
    redisFailMode: tenant?.redisFailMode ?? 'open',
    maxQueueDepth: toolLimits?.maxQueueDepth ?? 0,
    timeoutMs: toolLimits?.timeoutMs ?? upstream.timeoutMs,
    cost: tool?.policy.cost ?? 1,
    ...(tenant?.rateLimit === undefined ? {} : { tenantRateLimit: tenant.rateLimit }),
    ...(clientRateLimit === undefined ? {} : { clientRateLimit }),
    ...(toolLimits?.rateLimit === undefined ? {} : { toolRateLimit: toolLimits.rateLimit }),
    ...(tenant?.maxConcurrentCalls === undefined
      ? {}
      : { tenantMaxConcurrentCalls: tenant.maxConcurrentCalls }),
    ...(toolLimits?.maxConcurrency === undefined
      ? {}
      : { maxConcurrency: toolLimits.maxConcurrency }),
    ...(tool?.policy.breaker === undefined ? {} : { breaker: tool.policy.breaker }),
    ...(tenant?.dailyCallBudget === undefined ? {} : { dailyCallBudget: tenant.dailyCallBudget }),
    ...(tenant?.dailyCostBudget === undefined ? {} : { dailyCostBudget: tenant.dailyCostBudget }),
  };
}
