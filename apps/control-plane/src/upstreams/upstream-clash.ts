/** What name clashes are judged on: an upstream's owner, name and namespace. */
export interface UpstreamIdentity {
  readonly id?: string;
  readonly tenantId: string | null;
  readonly name: string;
  /** null: the name is the namespace. */
  readonly namespace: string | null;
}

export function effectiveNamespace(upstream: UpstreamIdentity): string {
  return upstream.namespace ?? upstream.name;
}

/** Whether one tenant sees both: one of them is shared, or both are that tenant's. */
function seenTogether(a: UpstreamIdentity, b: UpstreamIdentity): boolean {
  return a.tenantId === null || b.tenantId === null || a.tenantId === b.tenantId;
}

function describe(upstream: UpstreamIdentity): string {
  const owner = upstream.tenantId === null ? 'shared' : `of tenant ${upstream.tenantId}`;
  return `upstream "${upstream.name}" (${owner})`;
}

/**
 * Why `candidate` cannot sit next to the upstreams a tenant already sees, if it cannot: a
 * tenant's gateway config needs unique upstream names and unique tool prefixes, counting
 * the shared upstreams it sees too.
 */
export function findUpstreamClash(
  candidate: UpstreamIdentity,
  others: readonly UpstreamIdentity[],
): string | undefined {
  const namespace = effectiveNamespace(candidate);
  for (const other of others) {
    if (other.id !== undefined && other.id === candidate.id) continue;
    if (!seenTogether(candidate, other)) continue;
    if (other.name === candidate.name) {
      return `The name "${candidate.name}" is taken by ${describe(other)}; upstream names are unique among the upstreams a tenant sees.`;
    }
    if (effectiveNamespace(other) === namespace) {
      return namespace === ''
        ? `Only one upstream a tenant sees may have no tool prefix, and ${describe(other)} has none.`
        : `The tool prefix "${namespace}" is taken by ${describe(other)}; give this upstream another namespace.`;
    }
  }
  return undefined;
}
