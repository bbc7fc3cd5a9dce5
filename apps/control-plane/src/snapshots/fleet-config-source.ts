import type { ToolTier } from '@gatehouse/contracts';

/**
 * Everything the snapshot of one fleet is compiled from, as plain data read in one
 * transaction: the compiler is a pure function of it. It holds key hashes, never keys.
 */
export interface FleetConfigSource {
  readonly fleetId: string;
  /** The fleet's `auth` JSON as stored (the gateway config's `auth`); null = API keys only. */
  readonly auth: unknown;
  /** The tenants the fleet serves. */
  readonly tenants: readonly SourceTenant[];
  /** The clients of those tenants, enabled or not, with their unrevoked keys. */
  readonly clients: readonly SourceClient[];
  /** Shared upstreams and those of the fleet's tenants, enabled or not. */
  readonly upstreams: readonly SourceUpstream[];
}

/** A tenant's budget row (null fields: no limit of that kind). */
export interface SourceTenantBudget {
  /** Legacy rate (calls per minute); used when no points-per-window rate is set. */
  readonly requestsPerMinute: number | null;
  readonly rateLimitPoints: number | null;
  readonly rateLimitWindowSeconds: number | null;
  readonly clientRateLimitPoints: number | null;
  readonly clientRateLimitWindowSeconds: number | null;
  readonly redisFailMode: 'open' | 'closed' | null;
  readonly dailyCallBudget: number | null;
  readonly dailyCostBudget: number | null;
  readonly maxConcurrentCalls: number | null;
}

export interface SourceTenant {
  readonly id: string;
  /** The slug: the tenant's id in snapshots. */
  readonly name: string;
  readonly displayName: string;
  readonly enabled: boolean;
  readonly budget: SourceTenantBudget | null;
}

export interface SourceClientKey {
  readonly id: string;
  /** Hex digest of the key; only `sha256` keys can be checked by nodes. */
  readonly keyHash: string;
  readonly hashAlgorithm: string;
  readonly expiresAt: Date | null;
}

export interface SourceClient {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Granted scope names. */
  readonly scopes: readonly string[];
  /** Keys not revoked (expired ones too: nodes refuse them by their expiry). */
  readonly keys: readonly SourceClientKey[];
  readonly rateLimitPoints: number | null;
  readonly rateLimitWindowSeconds: number | null;
  /** JSON as stored: `{ allow, block }` when the admin API wrote it. */
  readonly toolAccess: unknown;
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

/** A tool's budget row (ToolBudget; null fields: no limit of that kind). */
export interface SourceToolBudget {
  readonly maxConcurrency: number | null;
  readonly maxQueueDepth: number | null;
  readonly requestsPerMinute: number | null;
  readonly timeoutMs: number | null;
  readonly maxRequestBytes: number | null;
}

export interface SourceTool {
  readonly name: string;
  readonly enabled: boolean;
  readonly tier: ToolTier;
  /** Scope names. */
  readonly requiredScopes: readonly string[];
  /** The version clients get (the pinned one, else the newest); null before introspection. */
  readonly schemaHash: string | null;
  /** That version's input schema; null before introspection. */
  readonly inputSchema: unknown;
  readonly cost: number;
  /** JSON as stored: argument rules when the admin API wrote them. */
  readonly rules: unknown;
  readonly breakerFailureThreshold: number | null;
  readonly breakerOpenMs: number | null;
  readonly budget: SourceToolBudget | null;
}
