import type { CircuitBreakerConfig, RateLimitConfig, RedisFailMode } from '@gatehouse/contracts';

/** Who is calling, as every later step sees it. Never holds the credential itself. */
export interface CallerIdentity {
  readonly tenant: string;
  /** The client id (API keys: the key's client; JWTs: the mapped client claim). */
  readonly client: string;
  /** The end user behind the client, when a token names one. */
  readonly user?: string;
  readonly scopes: readonly string[];
  readonly credential: 'api_key' | 'jwt' | 'anonymous';
  /** API key id, or the token's `jti`: for audit, never secret. */
  readonly credentialId?: string;
  /** When the credential stops being valid (ms since the epoch). */
  readonly expiresAt?: number;
}

/** Why a call (or a request) is refused; each maps to one HTTP / JSON-RPC answer. */
export type RefusalReason =
  | 'unauthenticated'
  | 'credential_expired'
  | 'credential_revoked'
  | 'client_disabled'
  | 'tenant_unknown'
  | 'tool_unknown'
  | 'tool_disabled'
  | 'tool_not_allowed'
  | 'insufficient_scope'
  | 'arguments_too_large'
  | 'arguments_invalid'
  | 'argument_rule';

/** One step of a decision, for the simulator and for debugging: what was checked, and how. */
export interface TrailStep {
  readonly step: 'authenticate' | 'resolve' | 'authorize' | 'validate' | 'limits';
  /** A stable rule id: `scope:calendar.write`, `schema`, `range:limit`, `tenant-access`. */
  readonly rule: string;
  readonly outcome: 'pass' | 'refuse' | 'skip';
  readonly detail?: string;
}

export interface PolicyRefusal {
  readonly allowed: false;
  readonly reason: RefusalReason;
  /** The rule that refused (same id as in the trail). */
  readonly rule: string;
  /** Says which rule refused and what to change; never names another tenant's anything. */
  readonly message: string;
  /** With `insufficient_scope`: the scopes the caller lacks. */
  readonly missingScopes?: readonly string[];
  readonly trail: readonly TrailStep[];
}

/** The budgets and limits a call takes, resolved from tenant, client and tool. */
export interface CallLimits {
  readonly tenantRateLimit?: RateLimitConfig;
  readonly clientRateLimit?: RateLimitConfig;
  /** Per client and tool. */
  readonly toolRateLimit?: RateLimitConfig;
  readonly redisFailMode: RedisFailMode;
  readonly tenantMaxConcurrentCalls?: number;
  /** Per tenant and tool, on a node. */
  readonly maxConcurrency?: number;
  readonly maxQueueDepth: number;
  /** The call's deadline: the tool's timeout, else the upstream's. */
  readonly timeoutMs: number;
  readonly breaker?: CircuitBreakerConfig;
  readonly dailyCallBudget?: number;
  readonly dailyCostBudget?: number;
  /** Catalog cost of one call of the tool. */
  readonly cost: number;
}

export interface PolicyAllowance {
  readonly allowed: true;
  readonly upstream: string;
  /** The tool's name at the upstream. */
  readonly tool: string;
  /** The name the client used (`<namespace>__<tool>`). */
  readonly qualifiedName: string;
  readonly limits: CallLimits;
  readonly trail: readonly TrailStep[];
}

export type PolicyDecision = PolicyAllowance | PolicyRefusal;

export type AuthenticationResult =
  | { readonly ok: true; readonly identity: CallerIdentity }
  | { readonly ok: false; readonly refusal: PolicyRefusal };

/** A `tools/call` as the policy sees it. */
export interface ToolCallRequest {
  readonly name: string;
  readonly arguments: unknown;
  /** Byte length of the serialized arguments, when the caller already knows it. */
  readonly argumentBytes?: number;
}
