import type {
  ApiKeyConfig,
  AuthConfig,
  ClientConfig,
  TenantConfig,
  ToolPolicy,
  UpstreamConfig,
} from '@gatehouse/contracts';
import type { CompiledRule } from './argument-rules.js';
import type { ArgumentValidator } from './schema-validator.js';
import type { ToolAccess } from './tool-access.js';

export interface CompiledTenant {
  readonly config: TenantConfig;
  readonly access: ToolAccess | undefined;
  /** Shared upstreams and the tenant's own, enabled ones only, in config order. */
  readonly upstreams: readonly string[];
  /** Namespace → upstream name, over `upstreams` only: another tenant's namespace resolves to nothing. */
  readonly namespaces: ReadonlyMap<string, string>;
}

export interface CompiledClient {
  readonly config: ClientConfig;
  readonly access: ToolAccess | undefined;
}

export interface CompiledApiKey {
  readonly key: ApiKeyConfig;
  readonly client: CompiledClient;
  readonly expiresAtMs: number | undefined;
}

export interface CompiledTool {
  readonly policy: ToolPolicy;
  /** Absent when the tool has no `inputSchema`; `{ error }` when the schema did not compile. */
  readonly validate: ArgumentValidator | { readonly error: string } | undefined;
  readonly rules: readonly CompiledRule[];
}

/**
 * A snapshot turned into lookup tables, matchers and validators, once, when it is applied.
 * Every later question (who is this key, may this tenant see that tool, are these arguments
 * fine) is answered from here without parsing or compiling anything.
 */
export interface CompiledPolicy {
  readonly auth: AuthConfig;
  readonly apiKeys: ReadonlyMap<string, CompiledApiKey>;
  readonly clients: ReadonlyMap<string, CompiledClient>;
  /** Includes the anonymous tenant, implicitly, when `auth.anonymous` names one not declared. */
  readonly tenants: ReadonlyMap<string, CompiledTenant>;
  readonly upstreams: ReadonlyMap<string, UpstreamConfig>;
  /** Keyed by `toolKey(upstream, name)`. */
  readonly tools: ReadonlyMap<string, CompiledTool>;
  /** Every scope any tool requires or any client holds: RFC 9728's `scopes_supported`. */
  readonly scopes: readonly string[];
  /** Tool schemas or rules that did not compile: the tool is refused, the config validator reports them. */
  readonly problems: readonly string[];
}

export function toolKey(upstream: string, name: string): string {
  return `${upstream}\u0000${name}`;
}
