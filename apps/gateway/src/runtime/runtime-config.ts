import type { GatewayConfig } from '@gatehouse/contracts';
import { compilePolicy, type CompiledPolicy } from '@gatehouse/policy';
import type { SessionSealer } from '../session/session-sealer.js';
import type { Upstream } from '../upstream/upstream.js';

/**
 * One applied configuration: the config, its upstreams and the session sealer. Immutable;
 * a request takes the current one when it starts and keeps it until it ends, so a reload
 * never changes the rules under a call in flight.
 */
export class RuntimeConfig {
  readonly enabledUpstreams: readonly Upstream[];
  readonly allUpstreams: readonly Upstream[];
  private readonly byName: ReadonlyMap<string, Upstream>;
  private readonly byNamespace: ReadonlyMap<string, Upstream>;
  private readonly disabledTools: ReadonlySet<string>;
  private readonly enabledTools: ReadonlySet<string>;
  private readonly closedCatalogs: ReadonlySet<string>;
  /** Keys, tenants, tool contracts and matchers, compiled once when the config is applied. */
  readonly policy: CompiledPolicy;
  /** Filled on first use; bounded by the tenants of the config (unknown tenants see nothing). */
  private readonly visibleByTenant = new Map<string, readonly Upstream[]>();

  constructor(
    readonly config: GatewayConfig,
    upstreams: readonly Upstream[],
    readonly sealer: SessionSealer,
    readonly generation: number,
  ) {
    this.policy = compilePolicy(config);
    this.allUpstreams = upstreams;
    this.enabledUpstreams = upstreams.filter((upstream) => upstream.config.enabled);
    this.byName = new Map(this.enabledUpstreams.map((upstream) => [upstream.name, upstream]));
    this.byNamespace = new Map(
      this.enabledUpstreams.map((upstream) => [upstream.namespace, upstream]),
    );
    this.disabledTools = new Set(
      config.tools.filter((tool) => !tool.enabled).map((tool) => toolKey(tool.upstream, tool.name)),
    );
    this.enabledTools = new Set(
      config.tools.filter((tool) => tool.enabled).map((tool) => toolKey(tool.upstream, tool.name)),
    );
    this.closedCatalogs = new Set(
      config.upstreams
        .filter((upstream) => upstream.toolCatalog === 'closed')
        .map((upstream) => upstream.name),
    );
  }

  /**
   * The catalog can switch a tool off: hidden from lists and refused, whatever the upstream
   * offers. With a closed catalog, a tool nobody reviewed (not named, or named disabled) is off.
   */
  isToolEnabled(upstream: string, name: string): boolean {
    const key = toolKey(upstream, name);
    if (this.closedCatalogs.has(upstream)) return this.enabledTools.has(key);
    return !this.disabledTools.has(key);
  }

  /**
   * The enabled upstreams a tenant may see: the shared ones and its own. Another tenant's are
   * not opened, listed, routed to or notified for this tenant's sessions.
   */
  upstreamsFor(tenant: string): readonly Upstream[] {
    let visible = this.visibleByTenant.get(tenant);
    if (visible === undefined) {
      const names = new Set(this.policy.tenants.get(tenant)?.upstreams ?? []);
      visible = this.enabledUpstreams.filter((upstream) => names.has(upstream.name));
      this.visibleByTenant.set(tenant, visible);
    }
    return visible;
  }

  upstream(name: string): Upstream | undefined {
    return this.byName.get(name);
  }

  upstreamForNamespace(namespace: string): Upstream | undefined {
    return this.byNamespace.get(namespace);
  }
}

function toolKey(upstream: string, name: string): string {
  return `${upstream}\u0000${name}`;
}
