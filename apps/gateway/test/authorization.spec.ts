import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '@gatehouse/contracts';
import { sha256Hex } from '@gatehouse/policy';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import {
  bearerCall,
  openBearerSession,
  toolNames,
  type BearerSession,
} from './support/bearer-mcp.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { onlyMessage } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

type ClientInput = NonNullable<GatewayConfigInput['clients']>[number];

const READER_KEY = 'gh_live_authz-reader-key-000001';
const WRITER_KEY = 'gh_live_authz-writer-key-000002';
const NARROW_KEY = 'gh_live_authz-narrow-key-000003';

describe('authorisation per tool', () => {
  const bed = new TestBed();
  let tools: ToolsServer;
  let node: GatewayNode;
  const sessions: Record<'reader' | 'writer' | 'narrow', BearerSession | undefined> = {
    reader: undefined,
    writer: undefined,
    narrow: undefined,
  };
  const session = (who: keyof typeof sessions): BearerSession => {
    const found = sessions[who];
    if (found === undefined) throw new Error(`no session for ${who}`);
    return found;
  };

  beforeAll(async () => {
    tools = await startToolsServer();
    const dir = await bed.tempDir('authz');
    const configPath = dir.file('gateway.yaml');
    const client = (
      id: string,
      key: string,
      scopes: string[],
      extra: Partial<ClientInput> = {},
    ): ClientInput => ({
      id,
      tenant: 'acme',
      name: id,
      scopes,
      apiKeys: [{ id: `${id}-key`, sha256: sha256Hex(key) }],
      ...extra,
    });
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [{ name: 'tools', transport: { type: 'streamable-http', url: tools.url } }],
        auth: {},
      }),
      tenants: [{ id: 'acme', name: 'Acme', toolAccess: { block: ['tools__hang'] } }],
      clients: [
        client('reader', READER_KEY, ['search.read']),
        client('writer', WRITER_KEY, ['search.read', 'notes.write', 'ops.admin']),
        client('narrow', NARROW_KEY, ['search.read', 'notes.write'], {
          toolAccess: { allow: ['tools__search'] },
        }),
      ],
      tools: [
        { upstream: 'tools', name: 'search', requiredScopes: ['search.read'] },
        { upstream: 'tools', name: 'echo', requiredScopes: ['notes.write'] },
        { upstream: 'tools', name: 'fail', requiredScopes: ['notes.write', 'ops.admin'] },
      ],
    });
    node = await bed.gateway(configPath);
    sessions.reader = await openBearerSession(node.url, READER_KEY);
    sessions.writer = await openBearerSession(node.url, WRITER_KEY);
    sessions.narrow = await openBearerSession(node.url, NARROW_KEY);
  });

  beforeEach(() => tools.reset());

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
  });

  it('lists only the tools a client may call', async () => {
    expect(await toolNames(node.url, session('reader'))).toEqual([
      'tools__flaky',
      'tools__search',
      'tools__slow',
    ]);
    expect(await toolNames(node.url, session('writer'))).toEqual([
      'tools__echo',
      'tools__fail',
      'tools__flaky',
      'tools__search',
      'tools__slow',
    ]);
    expect(await toolNames(node.url, session('narrow'))).toEqual(['tools__search']);
  });

  it('refuses a call outside the scopes with 403 and a step-up challenge naming the scope', async () => {
    const response = await bearerCall(node.url, session('reader'), 'tools/call', {
      name: 'tools__echo',
      arguments: { text: 'hi' },
    });
    expect(response.status).toBe(403);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer error="insufficient_scope", resource_metadata="${node.origin}/.well-known/oauth-protected-resource", scope="notes.write", error_description="tool tools__echo needs the scope notes.write; ask for it with your credential"`,
    );
    const answer = onlyMessage(response);
    expect(answer.error?.message).toContain('notes.write');
    expect(answer.error?.data).toEqual({
      rule: 'scope:notes.write',
      reason: 'insufficient_scope',
      scope: 'notes.write',
    });
    const both = await bearerCall(node.url, session('reader'), 'tools/call', {
      name: 'tools__fail',
      arguments: {},
    });
    expect(both.status).toBe(403);
    expect(both.headers['www-authenticate']).toContain('scope="notes.write ops.admin"');
    expect(tools.received()).toEqual([]);
  });

  it('lets the same call through for a client holding the scope', async () => {
    const answer = onlyMessage(
      await bearerCall(node.url, session('writer'), 'tools/call', {
        name: 'tools__echo',
        arguments: { text: 'hi' },
      }),
    );
    expect(answer.result?.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    expect(tools.received().map((call) => call.name)).toEqual(['echo']);
  });

  it("applies the tenant's blocklist and the client's allowlist", async () => {
    const blocked = onlyMessage(
      await bearerCall(node.url, session('writer'), 'tools/call', {
        name: 'tools__hang',
        arguments: {},
      }),
    );
    expect(blocked.error).toMatchObject({
      data: { rule: 'tenant-access', reason: 'tool_not_allowed' },
    });
    const narrow = onlyMessage(
      await bearerCall(node.url, session('narrow'), 'tools/call', {
        name: 'tools__echo',
        arguments: { text: 'x' },
      }),
    );
    expect(narrow.error).toMatchObject({
      data: { rule: 'client-access', reason: 'tool_not_allowed' },
    });
    expect(tools.received()).toEqual([]);
  });

  // With an open catalog the upstream judges names it owns; a name no upstream owns is ours to refuse.
  it('answers a tool no upstream owns as MCP does, and nothing is relayed', async () => {
    const answer = onlyMessage(
      await bearerCall(node.url, session('writer'), 'tools/call', {
        name: 'nowhere__nothing',
        arguments: {},
      }),
    );
    expect(answer.error).toEqual({ code: -32602, message: 'Unknown tool: nowhere__nothing' });
    expect(tools.received()).toEqual([]);
  });
});
