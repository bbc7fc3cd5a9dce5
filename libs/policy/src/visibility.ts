import { namespaceOf, qualifyName, splitQualifiedName } from '@gatehouse/contracts';
import { toolKey, type CompiledPolicy, type CompiledTool } from './compiled-policy.js';
import type { CallerIdentity } from './policy-types.js';
import { accessRefusal } from './tool-access.js';

/** A tenant sees the shared upstreams and its own; another tenant's do not exist for it. */
export function canSeeUpstream(
  policy: CompiledPolicy,
  identity: CallerIdentity,
  upstreamName: string,
): boolean {
  const upstream = policy.upstreams.get(upstreamName);
  if (upstream === undefined || !upstream.enabled) return false;
  if (upstream.tenant !== undefined && upstream.tenant !== identity.tenant) return false;
  return policy.tenants.has(identity.tenant);
}

/**
 * Resolves a name the client used to the upstream that owns it, among the upstreams the
 * caller's tenant sees only: `<namespace>__<tool>`, else the upstream without prefix.
 */
export function resolveQualifiedName(
  policy: CompiledPolicy,
  identity: CallerIdentity,
  qualified: string,
): { upstream: string; name: string } | undefined {
  const tenant = policy.tenants.get(identity.tenant);
  if (tenant === undefined) return undefined;
  const split = splitQualifiedName(qualified);
  if (split !== undefined) {
    const upstream = tenant.namespaces.get(split.namespace);
    if (upstream !== undefined) return { upstream, name: split.name };
  }
  const bare = tenant.namespaces.get('');
  return bare === undefined ? undefined : { upstream: bare, name: qualified };
}

/** Whether the catalog serves a tool: disabled ones never, unreviewed ones not from closed catalogs. */
export function isToolServed(
  policy: CompiledPolicy,
  upstreamName: string,
  toolName: string,
): boolean {
  const tool = policy.tools.get(toolKey(upstreamName, toolName));
  if (tool !== undefined) return tool.policy.enabled;
  return policy.upstreams.get(upstreamName)?.toolCatalog !== 'closed';
}

export function missingScopes(tool: CompiledTool | undefined, identity: CallerIdentity): string[] {
  if (tool === undefined || tool.policy.requiredScopes.length === 0) return [];
  return tool.policy.requiredScopes.filter((scope) => !identity.scopes.includes(scope));
}

/** A client sees exactly the tools it may call (arguments aside): lists never tempt it with more. */
export function canSeeTool(
  policy: CompiledPolicy,
  identity: CallerIdentity,
  upstreamName: string,
  toolName: string,
  qualifiedName: string = qualify(policy, upstreamName, toolName),
): boolean {
  if (!canSeeUpstream(policy, identity, upstreamName)) return false;
  if (!isToolServed(policy, upstreamName, toolName)) return false;
  if (accessRefusal(policy.tenants.get(identity.tenant)?.access, qualifiedName) !== undefined)
    return false;
  if (accessRefusal(policy.clients.get(identity.client)?.access, qualifiedName) !== undefined)
    return false;
  return missingScopes(policy.tools.get(toolKey(upstreamName, toolName)), identity).length === 0;
}

function qualify(policy: CompiledPolicy, upstreamName: string, toolName: string): string {
  const upstream = policy.upstreams.get(upstreamName);
  return qualifyName(upstream === undefined ? upstreamName : namespaceOf(upstream), toolName);
}
