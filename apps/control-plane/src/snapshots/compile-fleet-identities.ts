import { authSchema, problemsFromZod, toolAccessSchema } from '@gatehouse/contracts';
import type { ConfigProblem, GatewayConfigInput } from '@gatehouse/contracts';
import type { FleetConfigSource, SourceClient, SourceTenant } from './fleet-config-source.js';

type TenantInput = NonNullable<GatewayConfigInput['tenants']>[number];
type ClientInput = NonNullable<GatewayConfigInput['clients']>[number];
type AuthInput = NonNullable<GatewayConfigInput['auth']>;
type RateLimitInput = NonNullable<TenantInput['rateLimit']>;

/** Code-unit order, the same on every machine (localeCompare is not). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rateLimit(
  points: number | null,
  windowSeconds: number | null,
): RateLimitInput | undefined {
  return points === null || windowSeconds === null ? undefined : { points, windowSeconds };
}

function tenantOf(tenant: SourceTenant): TenantInput {
  const budget = tenant.budget;
  const compiled: TenantInput = { id: tenant.name, name: tenant.displayName };
  if (!budget) return compiled;
  // The legacy per-minute rate maps onto a 60 s window when no points-per-window rate is set.
  const tenantRate =
    rateLimit(budget.rateLimitPoints, budget.rateLimitWindowSeconds) ??
    rateLimit(budget.requestsPerMinute, budget.requestsPerMinute === null ? null : 60);
  const clientRate = rateLimit(budget.clientRateLimitPoints, budget.clientRateLimitWindowSeconds);
  return {
    ...compiled,
    ...(tenantRate ? { rateLimit: tenantRate } : {}),
    ...(clientRate ? { clientRateLimit: clientRate } : {}),
    redisFailMode: budget.redisFailMode ?? 'open',
    ...(budget.dailyCallBudget === null ? {} : { dailyCallBudget: budget.dailyCallBudget }),
    ...(budget.dailyCostBudget === null ? {} : { dailyCostBudget: budget.dailyCostBudget }),
    ...(budget.maxConcurrentCalls === null
      ? {}
      : { maxConcurrentCalls: budget.maxConcurrentCalls }),
  };
}

function withPath(problems: readonly ConfigProblem[], prefix: string): ConfigProblem[] {
  return problems.map((problem) => ({
    path: problem.path === '(root)' ? prefix : `${prefix}.${problem.path}`,
    message: problem.message,
  }));
}

function clientOf(
  client: SourceClient,
  tenantSlug: string,
  problems: ConfigProblem[],
): ClientInput {
  const apiKeys = client.keys
    // Nodes hash presented keys with SHA-256; a key hashed otherwise cannot be checked there.
    .filter((key) => key.hashAlgorithm === 'sha256')
    .map((key) => ({
      id: key.id,
      sha256: key.keyHash,
      ...(key.expiresAt === null ? {} : { expiresAt: key.expiresAt.toISOString() }),
    }))
    .sort((a, b) => byText(a.id, b.id));
  const compiled: ClientInput = {
    id: client.id,
    tenant: tenantSlug,
    name: client.name,
    enabled: true,
    scopes: [...new Set(client.scopes)].sort(byText),
    apiKeys,
  };
  const rate = rateLimit(client.rateLimitPoints, client.rateLimitWindowSeconds);
  if (rate) compiled.rateLimit = rate;
  if (client.toolAccess !== null && client.toolAccess !== undefined) {
    const access = toolAccessSchema.safeParse(client.toolAccess);
    if (access.success) compiled.toolAccess = access.data;
    else
      problems.push(
        ...withPath(
          problemsFromZod(access.error),
          `client "${client.name}" of tenant "${tenantSlug}" toolAccess`,
        ),
      );
  }
  return compiled;
}

export interface CompiledIdentities {
  readonly auth: AuthInput | undefined;
  readonly tenants: TenantInput[];
  readonly clients: ClientInput[];
}

/**
 * The fleet's enabled tenants with their budgets, and the enabled clients of those tenants
 * with their scopes and API key hashes (never a key), sorted; the fleet's OAuth settings.
 */
export function compileFleetIdentities(
  source: FleetConfigSource,
  problems: ConfigProblem[],
): CompiledIdentities {
  const enabled = new Map(
    source.tenants.filter((tenant) => tenant.enabled).map((tenant) => [tenant.id, tenant]),
  );
  const tenants = [...enabled.values()].map(tenantOf).sort((a, b) => byText(a.id, b.id));
  const clients = source.clients
    .filter((client) => client.enabled && enabled.has(client.tenantId))
    .map((client) => clientOf(client, enabled.get(client.tenantId)?.name ?? '', problems))
    .sort((a, b) => byText(a.id, b.id));
  let auth: AuthInput | undefined;
  if (source.auth !== null && source.auth !== undefined) {
    const parsed = authSchema.safeParse(source.auth);
    if (parsed.success) auth = parsed.data;
    else problems.push(...withPath(problemsFromZod(parsed.error), 'fleet auth'));
  }
  return { auth, tenants, clients };
}
