import { resolveCallLimits } from './call-limits.js';
import { toolKey, type CompiledPolicy } from './compiled-policy.js';
import type { CallerIdentity, PolicyDecision, ToolCallRequest, TrailStep } from './policy-types.js';
import { refusal } from './refusal.js';
import { accessRefusal } from './tool-access.js';
import { canSeeUpstream, isToolServed, missingScopes, resolveQualifiedName } from './visibility.js';

/**
 * Decides one `tools/call`, in the design's order: resolve, catalog, tool access, scopes, size,
 * schema, semantic rules, then the limits the call takes. A tool of another tenant is answered
 * exactly like a tool that does not exist. Every step lands in the trail.
 */
export function decideToolCall(
  policy: CompiledPolicy,
  identity: CallerIdentity,
  call: ToolCallRequest,
  nowMs: number,
): PolicyDecision {
  const trail: TrailStep[] = [];
  const name = call.name;
  const unknown = (detail: string): PolicyDecision => {
    trail.push({ step: 'resolve', rule: 'tool', outcome: 'refuse', detail });
    return refusal('tool_unknown', 'tool', `Unknown tool: ${name}`, trail);
  };

  const tenant = policy.tenants.get(identity.tenant);
  if (tenant === undefined) {
    trail.push({ step: 'authenticate', rule: 'tenant', outcome: 'refuse' });
    return refusal('tenant_unknown', 'tenant', 'the credential is not valid', trail);
  }
  const target = resolveQualifiedName(policy, identity, name);
  if (target === undefined || !canSeeUpstream(policy, identity, target.upstream))
    return unknown('no upstream of the tenant owns the name');
  const upstream = policy.upstreams.get(target.upstream);
  if (upstream === undefined) return unknown('no upstream of the tenant owns the name');
  trail.push({
    step: 'resolve',
    rule: 'tool',
    outcome: 'pass',
    detail: `${target.upstream}/${target.name}`,
  });

  const tool = policy.tools.get(toolKey(target.upstream, target.name));
  if (!isToolServed(policy, target.upstream, target.name)) {
    // Disabled or not reviewed: to the client it does not exist, as in the lists.
    trail.push({
      step: 'resolve',
      rule: 'catalog',
      outcome: 'refuse',
      detail: tool === undefined ? 'not in the closed catalog' : 'disabled',
    });
    return refusal('tool_disabled', 'catalog', `Unknown tool: ${name}`, trail);
  }
  trail.push({ step: 'resolve', rule: 'catalog', outcome: 'pass' });

  for (const [rule, access] of [
    ['tenant-access', tenant.access],
    ['client-access', policy.clients.get(identity.client)?.access],
  ] as const) {
    const refused = accessRefusal(access, name);
    if (refused !== undefined) {
      trail.push({ step: 'authorize', rule, outcome: 'refuse', detail: refused });
      const owner = rule === 'tenant-access' ? "the tenant's" : "the client's";
      return refusal(
        'tool_not_allowed',
        rule,
        `tool ${name} is ${refused === 'blocked' ? 'blocked by' : 'not in'} ${owner} tool access list (rule ${rule}); ask an administrator to allow it`,
        trail,
      );
    }
    trail.push({ step: 'authorize', rule, outcome: access === undefined ? 'skip' : 'pass' });
  }

  const missing = missingScopes(tool, identity);
  if (missing.length > 0) {
    const rule = `scope:${missing[0] ?? ''}`;
    trail.push({ step: 'authorize', rule, outcome: 'refuse', detail: missing.join(' ') });
    return refusal(
      'insufficient_scope',
      rule,
      `tool ${name} needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ask for ${missing.length > 1 ? 'them' : 'it'} with your credential`,
      trail,
      { missingScopes: missing },
    );
  }
  trail.push({
    step: 'authorize',
    rule: 'scopes',
    outcome: tool?.policy.requiredScopes.length ? 'pass' : 'skip',
  });

  const maxBytes = tool?.policy.limits?.maxArgumentBytes;
  if (maxBytes !== undefined) {
    const bytes =
      call.argumentBytes ?? Buffer.byteLength(JSON.stringify(call.arguments ?? {}), 'utf8');
    if (bytes > maxBytes) {
      trail.push({
        step: 'validate',
        rule: 'max-argument-bytes',
        outcome: 'refuse',
        detail: String(bytes),
      });
      return refusal(
        'arguments_too_large',
        'max-argument-bytes',
        `arguments of ${name} are ${bytes} bytes, more than the ${maxBytes} allowed (rule max-argument-bytes); send less`,
        trail,
      );
    }
    trail.push({ step: 'validate', rule: 'max-argument-bytes', outcome: 'pass' });
  }

  const args = call.arguments ?? {};
  if (tool?.validate !== undefined) {
    const problem =
      'error' in tool.validate
        ? `the tool's inputSchema is misconfigured; ask an administrator to fix it`
        : tool.validate(args);
    if (problem !== undefined) {
      trail.push({ step: 'validate', rule: 'schema', outcome: 'refuse', detail: problem });
      return refusal(
        'arguments_invalid',
        'schema',
        `Invalid arguments for tool ${name} (rule schema): ${problem}; change the arguments to match the tool's inputSchema`,
        trail,
      );
    }
    trail.push({ step: 'validate', rule: 'schema', outcome: 'pass' });
  }

  for (const rule of tool?.rules ?? []) {
    const violation = rule.check(args, nowMs);
    if (violation !== undefined) {
      trail.push({ step: 'validate', rule: violation.rule, outcome: 'refuse' });
      return refusal(
        'argument_rule',
        violation.rule,
        `Invalid arguments for tool ${name}: ${violation.message}`,
        trail,
      );
    }
    trail.push({ step: 'validate', rule: rule.id, outcome: 'pass' });
  }

  const limits = resolveCallLimits(policy, identity, upstream, tool);
  trail.push({ step: 'limits', rule: 'limits', outcome: 'pass' });
  return {
    allowed: true,
    upstream: target.upstream,
    tool: target.name,
    qualifiedName: name,
    limits,
    trail,
  };
}
