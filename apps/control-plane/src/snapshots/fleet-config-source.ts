import type { ToolTier } from '@gatehouse/contracts';

/**
 * Everything the snapshot of one fleet is compiled from, as plain data read in one
 * transaction: the compiler is a pure function of it.
 */
export interface FleetConfigSource {
  readonly fleetId: string;
  /** The tenants the fleet serves. */
  readonly tenants: readonly SourceTenant[];
  /** Shared upstreams and those of the fleet's tenants, enabled or not. */
  readonly upstreams: readonly SourceUpstream[];
  /** The fleet-wide key that seals session ids (GATEWAY_SESSION_SECRET), if configured. */
  readonly sessionSecret: string | null;
}

export interface SourceTenant {
  readonly id: string;
  /** The slug: the tenant's id in snapshots. */
  readonly name: string;
  readonly displayName: string;
  readonly enabled: boolean;
}

export interface SourceUpstream {
  readonly id: string;
  /** null: shared by every tenant. */
  readonly tenantId: string | null;
  readonly name: string;
  readonly description: string | null;
  /** null: the upstream's name; "": no prefix. */
  readonly namespace: string | null;
  readonly enabled: boolean;
  readonly timeoutMs: number;
  /** Once catalogued, only reviewed tools are served: nodes get a closed catalog. */
  readonly introspected: boolean;
  readonly transport: 'streamable_http' | 'stdio';
  readonly url: string | null;
  readonly command: string | null;
  readonly args: readonly string[];
  /** JSON as stored: a map of strings when the admin API wrote it. */
  readonly env: unknown;
  readonly headers: unknown;
  readonly tools: readonly SourceTool[];
}

export interface SourceTool {
  readonly name: string;
  readonly enabled: boolean;
  readonly tier: ToolTier;
  /** Scope names. */
  readonly requiredScopes: readonly string[];
  /** The version clients get (the pinned one, else the newest); null before introspection. */
  readonly schemaHash: string | null;
}
