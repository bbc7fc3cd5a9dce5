import type { GatewayConfig } from '@gatehouse/contracts';
import type { CallerIdentity, CallLimits } from '@gatehouse/policy';

/**
 * SEAM — stands in for `decideToolCall`'s allowance (libs/policy) until it is wired into
 * `VirtualServer.routeByName`: the anonymous caller of `auth.anonymous` and the limits its
 * tenant and the tool's catalog entry give. Delete once the policy allowance is in place.
 */
export function provisionalAllowance(
  config: GatewayConfig,
  upstream: string,
  tool: string,
): { identity: CallerIdentity; limits: CallLimits } {
  const tenantId = config.auth.anonymous?.tenant ?? 'default';
  const identity: CallerIdentity = {
    tenant: tenantId,
    client: 'anonymous',
    scopes: config.auth.anonymous?.scopes ?? [],
    credential: 'anonymous',
  };
  const tenant = config.tenants.find((candidate) => candidate.id === tenantId);
  const policy = config.tools.find(
    (candidate) => candidate.upstream === upstream && candidate.name === tool,
  );
  const upstreamTimeout =
    config.upstreams.find((candidate) => candidate.name === upstream)?.timeoutMs ?? 60_000;
  const toolLimits = policy?.limits;
  const limits: CallLimits = {
    redisFailMode: tenant?.redisFailMode ?? 'open',
    maxQueueDepth: toolLimits?.maxQueueDepth ?? 0,
    timeoutMs: toolLimits?.timeoutMs ?? upstreamTimeout,
    cost: policy?.cost ?? 1,
    ...(tenant?.rateLimit === undefined ? {} : { tenantRateLimit: tenant.rateLimit }),
    ...(tenant?.clientRateLimit === undefined ? {} : { clientRateLimit: tenant.clientRateLimit }),
    ...(toolLimits?.rateLimit === undefined ? {} : { toolRateLimit: toolLimits.rateLimit }),
    ...(tenant?.maxConcurrentCalls === undefined
      ? {}
      : { tenantMaxConcurrentCalls: tenant.maxConcurrentCalls }),
    ...(toolLimits?.maxConcurrency === undefined
      ? {}
      : { maxConcurrency: toolLimits.maxConcurrency }),
    ...(policy?.breaker === undefined ? {} : { breaker: policy.breaker }),
    ...(tenant?.dailyCallBudget === undefined ? {} : { dailyCallBudget: tenant.dailyCallBudget }),
    ...(tenant?.dailyCostBudget === undefined ? {} : { dailyCostBudget: tenant.dailyCostBudget }),
  };
  return { identity, limits };
}
