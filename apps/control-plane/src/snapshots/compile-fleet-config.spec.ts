import { canonicalJson } from '@gatehouse/contracts';
import { snapshotContentHash } from '@gatehouse/signing';
import { describe, expect, it } from 'vitest';
import { compileFleetConfig } from './compile-fleet-config.js';
import type { FleetConfigSource, SourceTool, SourceUpstream } from './fleet-config-source.js';
import { SnapshotCompileError } from './snapshot-compile-error.js';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

function tool(name: string, overrides: Partial<SourceTool> = {}): SourceTool {
  return {
    name,
    enabled: true,
    tier: 'read_only',
    requiredScopes: [],
    schemaHash: hashA,
    inputSchema: null,
    cost: 1,
    rules: [],
    breakerFailureThreshold: null,
    breakerOpenMs: null,
    budget: null,
    ...overrides,
  };
}

function upstream(name: string, overrides: Partial<SourceUpstream> = {}): SourceUpstream {
  return {
    id: `id-${name}`,
    tenantId: null,
    name,
    description: null,
    namespace: null,
    enabled: true,
    timeoutMs: 60_000,
    introspected: false,
    transport: 'streamable_http',
    url: `https://${name}.example/mcp`,
    command: null,
    args: [],
    env: null,
    headers: {},
    tools: [],
    ...overrides,
  };
}

function source(overrides: Partial<FleetConfigSource> = {}): FleetConfigSource {
  return {
    fleetId: 'fleet-1',
    tenants: [
      { id: 't-acme', name: 'acme', displayName: 'Acme', enabled: true, budget: null },
      { id: 't-globex', name: 'globex', displayName: 'Globex', enabled: true, budget: null },
    ],
    auth: null,
    clients: [],
    upstreams: [
      upstream('search', {
        tools: [
          tool('query', { requiredScopes: ['search.read', 'audit.read'] }),
          tool('index', { enabled: false, tier: 'dangerous', schemaHash: null }),
        ],
      }),
      upstream('calendar', {
        tenantId: 't-acme',
        namespace: 'cal',
        headers: { 'X-Team': 'ops' },
        tools: [tool('list_events', { schemaHash: hashB })],
      }),
      upstream('files', {
        tenantId: 't-globex',
        transport: 'stdio',
        url: null,
        command: 'files-mcp',
        args: ['--root', '/srv'],
        env: { LOG: 'debug' },
        timeoutMs: 5_000,
        introspected: false,
      }),
    ],
    ...overrides,
  };
}

function problemsOf(input: FleetConfigSource): string[] {
  try {
    compileFleetConfig(input);
  } catch (error) {
    if (error instanceof SnapshotCompileError)
      return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected a SnapshotCompileError');
}

describe('compileFleetConfig', () => {
  it('compiles upstreams, the tool catalog and tenants into the gateway config model', () => {
    const config = compileFleetConfig(source());
    expect(config.upstreams.map((entry) => entry.name)).toEqual(['calendar', 'files', 'search']);
    expect(config.upstreams[0]).toMatchObject({
      name: 'calendar',
      tenant: 'acme',
      namespace: 'cal',
      enabled: true,
      timeoutMs: 60_000,
      toolCatalog: 'open',
      transport: {
        type: 'streamable-http',
        url: 'https://calendar.example/mcp',
        headers: { 'X-Team': 'ops' },
      },
    });
    expect(config.upstreams[1]).toMatchObject({
      name: 'files',
      timeoutMs: 5_000,
      transport: {
        type: 'stdio',
        command: 'files-mcp',
        args: ['--root', '/srv'],
        env: { LOG: 'debug' },
      },
    });
    expect(config.upstreams[2]?.namespace).toBeUndefined();
    expect(config.upstreams[2]?.tenant).toBeUndefined();
    expect(config.tools).toEqual([
      {
        upstream: 'calendar',
        name: 'list_events',
        enabled: true,
        tier: 'read_only',
        requiredScopes: [],
        schemaHash: hashB,
        rules: [],
        cost: 1,
      },
      {
        upstream: 'search',
        name: 'index',
        enabled: false,
        tier: 'dangerous',
        requiredScopes: [],
        rules: [],
        cost: 1,
      },
      {
        upstream: 'search',
        name: 'query',
        enabled: true,
        tier: 'read_only',
        requiredScopes: ['audit.read', 'search.read'],
        schemaHash: hashA,
        rules: [],
        cost: 1,
      },
    ]);
    expect(config.tenants).toEqual([
      { id: 'acme', name: 'Acme', redisFailMode: 'open' },
      { id: 'globex', name: 'Globex', redisFailMode: 'open' },
    ]);
    expect(config.sessions.secret).toBeUndefined();
  });

  it('closes the tool catalog of an upstream once it was introspected', () => {
    const base = source();
    const config = compileFleetConfig({
      ...base,
      upstreams: base.upstreams.map((entry) => ({
        ...entry,
        introspected: entry.name === 'calendar',
      })),
    });
    expect(config.upstreams.map((entry) => [entry.name, entry.toolCatalog])).toEqual([
      ['calendar', 'closed'],
      ['files', 'open'],
      ['search', 'open'],
    ]);
  });

  it('is deterministic: the order rows arrive in changes no byte', () => {
    const original = source();
    const shuffled = source({
      tenants: [...original.tenants].reverse(),
      upstreams: [...original.upstreams].reverse().map((entry) => ({
        ...entry,
        tools: [...entry.tools].reverse().map((item) => ({
          ...item,
          requiredScopes: [...item.requiredScopes].reverse(),
        })),
      })),
    });
    const a = compileFleetConfig(original);
    const b = compileFleetConfig(shuffled);
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(snapshotContentHash(b)).toBe(snapshotContentHash(a));
  });

  it('changes the content hash when the content changes', () => {
    const base = snapshotContentHash(compileFleetConfig(source()));
    const disabled = source();
    const changed = source({
      upstreams: disabled.upstreams.map((entry) =>
        entry.name === 'search'
          ? { ...entry, tools: entry.tools.map((item) => ({ ...item, enabled: false })) }
          : entry,
      ),
    });
    expect(snapshotContentHash(compileFleetConfig(changed))).not.toBe(base);
  });

  it('leaves out a disabled tenant and its upstreams, keeping the shared ones', () => {
    const config = compileFleetConfig(
      source({
        tenants: [
          { id: 't-acme', name: 'acme', displayName: 'Acme', enabled: false, budget: null },
          { id: 't-globex', name: 'globex', displayName: 'Globex', enabled: true, budget: null },
        ],
      }),
    );
    expect(config.upstreams.map((entry) => entry.name)).toEqual(['files', 'search']);
    expect(config.tenants.map((tenant) => tenant.id)).toEqual(['globex']);
    expect(config.tools.map((entry) => entry.upstream)).not.toContain('calendar');
  });

  it('never puts a fleet session secret into a snapshot', () => {
    expect(compileFleetConfig(source()).sessions.secret).toBeUndefined();
  });

  it('refuses two upstreams of one name in the fleet, naming both owners', () => {
    const base = source();
    expect(
      problemsOf(
        source({ upstreams: [...base.upstreams, upstream('calendar', { tenantId: 't-globex' })] }),
      ),
    ).toEqual([
      'upstream "calendar" of tenant "globex": has the same name as upstream "calendar" of tenant "acme"; rename one, or serve the tenants from different fleets',
    ]);
  });

  it('refuses a fleet with nothing to serve', () => {
    expect(problemsOf(source({ upstreams: [] }))).toEqual([
      '(root): the fleet has no upstream to serve: add a shared upstream, or one of a tenant it serves',
    ]);
  });

  it('refuses transports a node could not use, and non-string headers', () => {
    expect(
      problemsOf(
        source({
          upstreams: [
            upstream('broken', { url: null }),
            upstream('secretive', { headers: { Authorization: { secretRef: 'token' } } }),
            upstream('process', { transport: 'stdio', url: null, command: null }),
          ],
        }),
      ),
    ).toEqual([
      'shared upstream "broken": a Streamable HTTP upstream needs a url',
      'shared upstream "process": a stdio upstream needs a command',
      'shared upstream "secretive" headers: must map names to plain strings',
    ]);
  });

  it('reports what the gateway config model refuses, by path', () => {
    expect(problemsOf(source({ upstreams: [upstream('search', { url: 'ftp://x' })] }))).toEqual([
      expect.stringMatching(/^upstreams\[0\]\.transport\.url: /),
    ]);
  });
});
