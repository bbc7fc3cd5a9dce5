import type { PolicySimulationResult } from '@gatehouse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApi } from '../support/admin-api.js';
import { delay } from '../support/deadline.js';
import {
  configureEnforcement,
  issueKey,
  type EnforcementSetup,
} from '../support/enforcement-setup.js';
import type { GatewayNodeProcess } from '../support/fleet-gateway-process.js';
import { FleetSystem } from '../support/fleet-system.js';
import { callToolAs, type GatewayOutcome } from '../support/mcp-call-outcome.js';
import { pollUntil } from '../support/poll.js';

type Caller = 'agent' | 'narrow' | 'unknown' | 'expired';

interface Row {
  readonly caller: Caller;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  /** `allowed`, or the refusal reason and rule the simulator must give. */
  readonly expected: 'allowed' | readonly [reason: string, rule: string];
}

const row = (
  caller: Caller,
  tool: string,
  args: Record<string, unknown>,
  expected: Row['expected'],
): Row => ({ caller, tool, args, expected });

const schema = (): readonly [string, string] => ['arguments_invalid', 'schema'];
const ruled = (rule: string): readonly [string, string] => ['argument_rule', rule];

// Every reason a call can be refused for (and allowed calls), each decided twice: by
// POST /api/v1/policy/simulate from the fleet's current snapshot, and by a running gateway node
// through the MCP SDK client. The two must agree: allowed or refused, and the rule.
const table: readonly Row[] = [
  row('agent', 'everything__echo', { message: 'hello' }, 'allowed'),
  row('agent', 'everything__echo', { message: 'hello world' }, 'allowed'),
  row('agent', 'everything__echo', { message: 'x'.repeat(40) }, 'allowed'),
  row('agent', 'everything__echo', { message: 'Hello!' }, ruled('plain-words')),
  row('agent', 'everything__echo', { message: 'a'.repeat(41) }, ruled('maxLength:message')),
  row('agent', 'everything__echo', { message: 'forbidden' }, ruled('blocklist:message')),
  row('agent', 'everything__echo', { message: 'a'.repeat(2_000) }, [
    'arguments_too_large',
    'max-argument-bytes',
  ]),
  row('agent', 'everything__echo', {}, schema()),
  row('agent', 'everything__echo', { message: 42 }, schema()),
  row('agent', 'everything__get-sum', { a: 1, b: 2 }, 'allowed'),
  row('agent', 'everything__get-sum', { a: 100, b: 3 }, 'allowed'),
  row('agent', 'everything__get-sum', { a: 500, b: 1 }, ruled('range:a')),
  row('agent', 'everything__get-sum', { a: -1, b: 1 }, ruled('range:a')),
  row('agent', 'everything__get-sum', { a: 1, b: 7 }, ruled('enum:b')),
  row('agent', 'everything__get-sum', { a: 'x', b: 1 }, schema()),
  row('agent', 'everything__get-sum', { a: 1 }, schema()),
  row('agent', 'everything__trigger-long-running-operation', {}, ruled('required:duration')),
  row(
    'agent',
    'everything__trigger-long-running-operation',
    { duration: 0.01, steps: 5 },
    ruled('range:steps'),
  ),
  row(
    'agent',
    'everything__trigger-long-running-operation',
    { duration: 0.01, steps: 1 },
    'allowed',
  ),
  row(
    'agent',
    'everything__gzip-file-as-resource',
    { name: '2000-01-01T00:00:00Z' },
    ruled('dateRange:name'),
  ),
  row('agent', 'everything__get-annotated-message', { messageType: 'success' }, 'allowed'),
  row('agent', 'everything__get-annotated-message', { messageType: 'nope' }, schema()),
  row('agent', 'everything__get-tiny-image', {}, ['tool_disabled', 'catalog']),
  row('agent', 'everything__no-such-tool', {}, ['tool_disabled', 'catalog']),
  row('agent', 'everything__get-env', {}, ['tool_not_allowed', 'client-access']),
  row('agent', 'conformance__test_simple_text', {}, ['tool_unknown', 'tool']),
  row('agent', 'nowhere__nothing', {}, ['tool_unknown', 'tool']),
  row('narrow', 'everything__echo', { message: 'hello' }, [
    'insufficient_scope',
    'scope:demo.read',
  ]),
  row('narrow', 'everything__echo', { message: 'Hello!' }, [
    'insufficient_scope',
    'scope:demo.read',
  ]),
  row('narrow', 'everything__get-sum', { a: 1, b: 2 }, 'allowed'),
  row('narrow', 'everything__get-annotated-message', { messageType: 'debug' }, 'allowed'),
  row('narrow', 'conformance__test_simple_text', {}, ['tool_unknown', 'tool']),
  row('unknown', 'everything__echo', { message: 'hello' }, ['unauthenticated', 'api-key']),
  row('expired', 'everything__echo', { message: 'hello' }, ['credential_expired', 'api-key']),
];

/** The gateway's answer agrees with the simulator's decision, in the shape the gateway gives it. */
function expectSameDecision(
  label: string,
  simulated: PolicySimulationResult,
  gateway: GatewayOutcome,
): void {
  expect(gateway.allowed, `${label}: allowed (gateway said ${gateway.message})`).toBe(
    simulated.allowed,
  );
  if (simulated.allowed) return;
  const message = simulated.message ?? '';
  switch (simulated.reason) {
    case 'unauthenticated':
    case 'credential_expired':
    case 'credential_revoked':
    case 'client_disabled':
      // Step 1 refuses the request itself: 401 with the policy's message as the challenge.
      expect(gateway.status, label).toBe(401);
      expect(gateway.challenge, label).toContain(`error_description="${message}"`);
      return;
    case 'tool_unknown':
    case 'tool_disabled':
      // "Unknown tool", with no rule: a foreign or hidden tool must look like no tool at all.
      expect(gateway.message, label).toContain(message);
      expect(gateway.rule, label).toBeUndefined();
      return;
    default:
      expect({ rule: gateway.rule, reason: gateway.reason }, label).toEqual({
        rule: simulated.rule,
        reason: simulated.reason,
      });
      if (simulated.reason === 'insufficient_scope') expect(gateway.status, label).toBe(403);
  }
}

describe('the policy simulator decides as the gateway does', () => {
  const system = new FleetSystem();
  let setup: EnforcementSetup;
  let node: GatewayNodeProcess;
  const keys = new Map<Caller, string>();

  const api = (): AdminApi => system.required(system.api, 'admin API');
  const fleetId = (): string => system.required(system.fleet, 'fleet').id;

  beforeAll(async () => {
    await system.setUp();
    setup = await configureEnforcement(system);
    const expiresAtMs = Date.now() + 3_000;
    const expiring = await issueKey(api(), setup.agentId, {
      label: 'expires during setup',
      expiresAt: new Date(expiresAtMs).toISOString(),
    });
    keys.set('agent', setup.agentKey.key);
    keys.set('narrow', setup.narrowKey.key);
    keys.set('unknown', `gh_live_${'x'.repeat(43)}`);
    keys.set('expired', expiring.key);
    node = await system.startNode('node-sim');
    // The node runs the snapshot the simulator reads once both keys work there.
    for (const key of [setup.agentKey.key, setup.narrowKey.key])
      await pollUntil(
        async () =>
          (await callToolAs(node.mcpUrl, key, 'everything__get-sum', { a: 1, b: 2 })).allowed
            ? true
            : undefined,
        { what: 'the node to serve the clients’ keys', timeoutMs: 30_000, intervalMs: 100 },
      );
    await delay(Math.max(0, expiresAtMs - Date.now() + 200));
  }, 240_000);
  afterAll(() => system.teardown(), 60_000);

  it(`agrees on a table of ${table.length} calls, allowed and refused for every reason`, async () => {
    expect(table.length).toBeGreaterThanOrEqual(30);
    const seen = new Set<string>();
    for (const [index, entry] of table.entries()) {
      const key = keys.get(entry.caller) ?? '';
      const label = `#${index + 1} ${entry.caller} ${entry.tool} ${JSON.stringify(entry.args).slice(0, 60)}`;
      const simulated = (await api().raw(
        'POST',
        '/policy/simulate',
        { fleetId: fleetId(), apiKey: key, call: { name: entry.tool, arguments: entry.args } },
        200,
      )) as PolicySimulationResult;
      if (entry.expected === 'allowed') {
        expect(simulated.allowed, `${label}: ${simulated.message ?? ''}`).toBe(true);
      } else {
        expect({ reason: simulated.reason, rule: simulated.rule }, label).toEqual({
          reason: entry.expected[0],
          rule: entry.expected[1],
        });
      }
      const gateway = await callToolAs(node.mcpUrl, key, entry.tool, entry.args);
      expectSameDecision(label, simulated, gateway);
      seen.add(simulated.allowed ? 'allowed' : (simulated.reason ?? '?'));
      console.log(
        `[simulator = gateway] ${label} → ${simulated.allowed ? 'allowed' : `${simulated.reason} (${simulated.rule})`}`,
      );
    }
    expect([...seen].sort()).toEqual(
      [
        'allowed',
        'argument_rule',
        'arguments_invalid',
        'arguments_too_large',
        'credential_expired',
        'insufficient_scope',
        'tool_disabled',
        'tool_not_allowed',
        'tool_unknown',
        'unauthenticated',
      ].sort(),
    );
  });
});
