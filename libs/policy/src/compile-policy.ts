import type { GatewayConfig, TenantConfig, UpstreamConfig } from '@gatehouse/contracts';
import { namespaceOf } from '@gatehouse/contracts';
import { compileArgumentRule } from './argument-rules.js';
import {
  toolKey,
  type CompiledApiKey,
  type CompiledClient,
  type CompiledPolicy,
  type CompiledTenant,
  type CompiledTool,
} from './compiled-policy.js';
import { SchemaCompiler } from './schema-validator.js';
import { compileToolAccess } from './tool-access.js';

/** Compiles a validated config (a snapshot or a DB-less file) into the policy's lookup tables. */
export function compilePolicy(config: GatewayConfig): CompiledPolicy {
  const problems: string[] = [];
  const upstreams = new Map<string, UpstreamConfig>(
    config.upstreams.map((upstream) => [upstream.name, upstream]),
  );

  const tenantConfigs: TenantConfig[] = [...config.tenants];
  const anonymous = config.auth.anonymous;
  if (anonymous !== undefined && !tenantConfigs.some((tenant) => tenant.id === anonymous.tenant))
    tenantConfigs.push({ id: anonymous.tenant, name: anonymous.tenant, redisFailMode: 'open' });
  const tenants = new Map<string, CompiledTenant>();
  for (const tenant of tenantConfigs) {
    const visible = config.upstreams.filter(
      (upstream) =>
        upstream.enabled && (upstream.tenant === undefined || upstream.tenant === tenant.id),
    );
    tenants.set(tenant.id, {
      config: tenant,
      access: compileToolAccess(tenant.toolAccess),
      upstreams: visible.map((upstream) => upstream.name),
      namespaces: new Map(visible.map((upstream) => [namespaceOf(upstream), upstream.name])),
    });
  }

  const clients = new Map<string, CompiledClient>();
  const apiKeys = new Map<string, CompiledApiKey>();
  const scopes = new Set<string>();
  for (const client of config.clients) {
    const compiled: CompiledClient = {
      config: client,
      access: compileToolAccess(client.toolAccess),
    };
    clients.set(client.id, compiled);
    for (const scope of client.scopes) scopes.add(scope);
    for (const key of client.apiKeys) {
      const expiresAtMs = key.expiresAt === undefined ? undefined : Date.parse(key.expiresAt);
      apiKeys.set(key.sha256, { key, client: compiled, expiresAtMs });
    }
  }

  const schemas = new SchemaCompiler();
  const tools = new Map<string, CompiledTool>();
  for (const tool of config.tools) {
    for (const scope of tool.requiredScopes) scopes.add(scope);
    let validate: CompiledTool['validate'];
    if (tool.inputSchema !== undefined) {
      validate = schemas.compile(tool.inputSchema);
      if ('error' in validate)
        problems.push(
          `tool "${tool.name}" of "${tool.upstream}": inputSchema does not compile (${validate.error})`,
        );
    }
    const rules = tool.rules.map(compileArgumentRule);
    for (const rule of rules)
      if (rule.problem !== undefined)
        problems.push(
          `tool "${tool.name}" of "${tool.upstream}": rule "${rule.id}" ${rule.problem}`,
        );
    tools.set(toolKey(tool.upstream, tool.name), { policy: tool, validate, rules });
  }

  return {
    auth: config.auth,
    apiKeys,
    clients,
    tenants,
    upstreams,
    tools,
    scopes: [...scopes].sort(),
    problems,
  };
}
