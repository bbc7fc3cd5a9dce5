import { argumentRuleSchema, gatewayConfigSchema, problemsFromZod } from '@gatehouse/contracts';
import type { ConfigProblem, GatewayConfig, GatewayConfigInput } from '@gatehouse/contracts';
import { z } from 'zod';
import { byText, compileFleetIdentities } from './compile-fleet-identities.js';
import type {
  FleetConfigSource,
  SourceTenant,
  SourceTool,
  SourceUpstream,
} from './fleet-config-source.js';
import { SnapshotCompileError } from './snapshot-compile-error.js';

type UpstreamInput = GatewayConfigInput['upstreams'][number];
type ToolInput = NonNullable<GatewayConfigInput['tools']>[number];
type ToolLimitsInput = NonNullable<ToolInput['limits']>;

const rulesSchema = z.array(argumentRuleSchema);

function owner(upstream: SourceUpstream, tenants: ReadonlyMap<string, SourceTenant>): string {
  if (upstream.tenantId === null) return `shared upstream "${upstream.name}"`;
  const tenant = tenants.get(upstream.tenantId);
  return `upstream "${upstream.name}" of tenant "${tenant?.name ?? upstream.tenantId}"`;
}

function stringMap(
  value: unknown,
  what: string,
  problems: ConfigProblem[],
): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.every((entry): entry is [string, string] => typeof entry[1] === 'string'))
      return Object.fromEntries(entries);
  }
  // E.g. a secret reference: nodes cannot resolve those yet, and a guess would leak or break.
  problems.push({ path: what, message: 'must map names to plain strings' });
  return {};
}

function transportOf(
  upstream: SourceUpstream,
  label: string,
  problems: ConfigProblem[],
): UpstreamInput['transport'] | undefined {
  if (upstream.transport === 'streamable_http') {
    if (!upstream.url) {
      problems.push({ path: label, message: 'a Streamable HTTP upstream needs a url' });
      return undefined;
    }
    return {
      type: 'streamable-http',
      url: upstream.url,
      headers: stringMap(upstream.headers, `${label} headers`, problems),
    };
  }
  if (!upstream.command) {
    problems.push({ path: label, message: 'a stdio upstream needs a command' });
    return undefined;
  }
  return {
    type: 'stdio',
    command: upstream.command,
    args: [...upstream.args],
    env: stringMap(upstream.env, `${label} env`, problems),
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ToolBudget → the tool's limits on each node (the per-minute rate as a 60 s window). */
function limitsOf(tool: SourceTool): ToolLimitsInput | undefined {
  const budget = tool.budget;
  if (!budget) return undefined;
  const limits: ToolLimitsInput = {};
  if (budget.maxConcurrency !== null) limits.maxConcurrency = budget.maxConcurrency;
  if (budget.maxQueueDepth !== null) limits.maxQueueDepth = budget.maxQueueDepth;
  if (budget.timeoutMs !== null) limits.timeoutMs = budget.timeoutMs;
  if (budget.requestsPerMinute !== null)
    limits.rateLimit = { points: budget.requestsPerMinute, windowSeconds: 60 };
  if (budget.maxRequestBytes !== null) limits.maxArgumentBytes = budget.maxRequestBytes;
  return Object.keys(limits).length === 0 ? undefined : limits;
}

function toolsOf(upstream: SourceUpstream, label: string, problems: ConfigProblem[]): ToolInput[] {
  return upstream.tools.map((tool) => {
    const policy: ToolInput = {
      upstream: upstream.name,
      name: tool.name,
      enabled: tool.enabled,
      tier: tool.tier,
      requiredScopes: [...new Set(tool.requiredScopes)].sort(byText),
      cost: tool.cost,
    };
    if (tool.schemaHash !== null) policy.schemaHash = tool.schemaHash;
    if (isJsonObject(tool.inputSchema)) policy.inputSchema = tool.inputSchema;
    const rules = rulesSchema.safeParse(tool.rules ?? []);
    if (rules.success) {
      if (rules.data.length > 0) policy.rules = rules.data;
    } else {
      problems.push(
        ...problemsFromZod(rules.error).map((problem) => ({
          path: `${label} tool "${tool.name}" rules${problem.path === '(root)' ? '' : problem.path}`,
          message: problem.message,
        })),
      );
    }
    const limits = limitsOf(tool);
    if (limits) policy.limits = limits;
    if (tool.breakerFailureThreshold !== null || tool.breakerOpenMs !== null) {
      policy.breaker = {
        ...(tool.breakerFailureThreshold === null
          ? {}
          : { failureThreshold: tool.breakerFailureThreshold }),
        ...(tool.breakerOpenMs === null ? {} : { openMs: tool.breakerOpenMs }),
      };
    }
    return policy;
  });
}

/**
 * A fleet's configuration → the gateway config model (the same one the DB-less file uses):
 * the fleet's enabled tenants with their budgets, their enabled clients with scopes and API
 * key hashes, their upstreams (marked with the owning tenant) and the shared ones, with the
 * tool catalog (schema of the routed version, scopes, rules, cost, limits, breaker).
 * Pure and deterministic: lists are sorted, so equal configuration gives equal bytes and the
 * content hash changes only when the content does. `listen` is left to each node.
 * Throws SnapshotCompileError naming every problem.
 */
export function compileFleetConfig(source: FleetConfigSource): GatewayConfig {
  const problems: ConfigProblem[] = [];
  const tenantsById = new Map(source.tenants.map((tenant) => [tenant.id, tenant]));
  // A disabled tenant's upstreams are left out with it: it serves nothing until re-enabled.
  const served = source.upstreams
    .filter((upstream) => {
      if (upstream.tenantId === null) return true;
      return tenantsById.get(upstream.tenantId)?.enabled === true;
    })
    .sort((a, b) => byText(a.name, b.name) || byText(a.tenantId ?? '', b.tenantId ?? ''));

  const upstreams: UpstreamInput[] = [];
  const tools: ToolInput[] = [];
  const claimedBy = new Map<string, SourceUpstream>();
  for (const upstream of served) {
    const label = owner(upstream, tenantsById);
    const first = claimedBy.get(upstream.name);
    if (first) {
      // Snapshots name upstreams without their tenant (nodes route by name), so two tenants
      // of one fleet cannot both have one called the same.
      problems.push({
        path: label,
        message: `has the same name as ${owner(first, tenantsById)}; rename one, or serve the tenants from different fleets`,
      });
      continue;
    }
    claimedBy.set(upstream.name, upstream);
    const transport = transportOf(upstream, label, problems);
    if (!transport) continue;
    const config: UpstreamInput = {
      name: upstream.name,
      enabled: upstream.enabled,
      transport,
      timeoutMs: upstream.timeoutMs,
      // A catalogued upstream serves only what an admin reviewed; a tool it starts listing
      // later stays off until the next introspection catalogues it (disabled by default).
      toolCatalog: upstream.introspected ? 'closed' : 'open',
      ...(upstream.tenantId === null
        ? {}
        : { tenant: tenantsById.get(upstream.tenantId)?.name ?? upstream.tenantId }),
      ...(upstream.description === null ? {} : { description: upstream.description }),
      ...(upstream.namespace === null ? {} : { namespace: upstream.namespace }),
    };
    upstreams.push(config);
    tools.push(...toolsOf(upstream, label, problems));
  }
  if (served.length === 0) {
    problems.push({
      path: '(root)',
      message:
        'the fleet has no upstream to serve: add a shared upstream, or one of a tenant it serves',
    });
  }
  const { auth, tenants, clients } = compileFleetIdentities(source, problems);
  if (problems.length > 0) throw new SnapshotCompileError(source.fleetId, problems);

  tools.sort((a, b) => byText(a.upstream, b.upstream) || byText(a.name, b.name));
  const input: GatewayConfigInput = {
    upstreams,
    tenants,
    clients,
    tools,
    ...(auth === undefined ? {} : { auth }),
    // No `sessions.secret`: a snapshot is signed, not encrypted, and is stored in Postgres and on
    // node disks. Nodes take the fleet key from their own environment (GATEHOUSE_SESSION_SECRET).
  };
  const parsed = gatewayConfigSchema.safeParse(input);
  if (!parsed.success)
    throw new SnapshotCompileError(source.fleetId, problemsFromZod(parsed.error));
  return parsed.data;
}
