import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@gatehouse/policy';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import {
  bearerCall,
  openBearerSession,
  toolNames,
  type BearerSession,
} from './support/bearer-mcp.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { onlyMessage, type RawResponse } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

const ALPHA_KEY = 'gh_live_isolation-alpha-key-0001';
const BETA_KEY = 'gh_live_isolation-beta-key-00002';

describe('tenant isolation', () => {
  const bed = new TestBed();
  let vault: ToolsServer;
  let node: GatewayNode;
  let alpha: BearerSession;
  let beta: BearerSession;

  beforeAll(async () => {
    const everything = await bed.everything();
    vault = await startToolsServer();
    const dir = await bed.tempDir('isolation');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [
          { name: 'everything', transport: { type: 'streamable-http', url: everything.url } },
          // Beta's own upstream: to alpha it does not exist.
          { name: 'vault', tenant: 'beta', transport: { type: 'streamable-http', url: vault.url } },
        ],
        auth: {},
      }),
      tenants: [
        { id: 'alpha', name: 'Alpha' },
        { id: 'beta', name: 'Beta', rateLimit: { points: 2, windowSeconds: 60 } },
      ],
      clients: [
        {
          id: 'alpha-app',
          tenant: 'alpha',
          name: 'A',
          apiKeys: [{ id: 'a', sha256: sha256Hex(ALPHA_KEY) }],
        },
        {
          id: 'beta-app',
          tenant: 'beta',
          name: 'B',
          apiKeys: [{ id: 'b', sha256: sha256Hex(BETA_KEY) }],
        },
      ],
    });
    node = await bed.gateway(configPath);
    alpha = await openBearerSession(node.url, ALPHA_KEY);
    beta = await openBearerSession(node.url, BETA_KEY);
  });

  afterAll(async () => {
    await bed.teardown();
    await vault.close();
  });

  const texts: string[] = [];
  const seen = (response: RawResponse): RawResponse => {
    texts.push(response.text, JSON.stringify(response.headers));
    return response;
  };

  it('shows each tenant the shared upstream and only its own', async () => {
    const alphaTools = await toolNames(node.url, alpha);
    const betaTools = await toolNames(node.url, beta);
    expect(alphaTools.some((name) => name.startsWith('everything__'))).toBe(true);
    expect(alphaTools.some((name) => name.startsWith('vault__'))).toBe(false);
    expect(betaTools).toEqual(expect.arrayContaining(['vault__echo', 'vault__search']));
    for (const method of ['prompts/list', 'resources/list', 'resources/templates/list'])
      texts.push(seen(await bearerCall(node.url, alpha, method)).text);
  });

  it("answers a call of another tenant's tool exactly like a tool that does not exist", async () => {
    const foreign = onlyMessage(
      seen(
        await bearerCall(node.url, alpha, 'tools/call', {
          name: 'vault__echo',
          arguments: { text: 'x' },
        }),
      ),
    );
    const missing = onlyMessage(
      seen(
        await bearerCall(node.url, alpha, 'tools/call', {
          name: 'ghost__echo',
          arguments: { text: 'x' },
        }),
      ),
    );
    expect(foreign.error).toEqual({ code: -32602, message: 'Unknown tool: vault__echo' });
    expect(missing.error).toEqual({ code: -32602, message: 'Unknown tool: ghost__echo' });
    const prompt = onlyMessage(
      seen(await bearerCall(node.url, alpha, 'prompts/get', { name: 'vault__any' })),
    );
    expect(prompt.error).toEqual({ code: -32602, message: 'Unknown prompt: vault__any' });
    const completion = onlyMessage(
      seen(
        await bearerCall(node.url, alpha, 'completion/complete', {
          ref: { type: 'ref/prompt', name: 'vault__any' },
          argument: { name: 'a', value: '' },
        }),
      ),
    );
    expect(completion.error).toEqual({ code: -32602, message: 'Unknown prompt: vault__any' });
    expect(vault.received()).toEqual([]);
  });

  it("answers another tenant's session id like one never issued", async () => {
    const stolen = seen(await bearerCall(node.url, beta, 'tools/list', undefined, ALPHA_KEY));
    const forged = seen(
      await bearerCall(
        node.url,
        { ...beta, sessionId: 'gh1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        'tools/list',
        undefined,
        ALPHA_KEY,
      ),
    );
    expect(stolen.status).toBe(404);
    expect(stolen.text).toBe(forged.text);
    // The owner still has it.
    expect((await bearerCall(node.url, beta, 'tools/list')).status).toBe(200);
  });

  it("keeps one tenant's limits out of another's way and out of its answers", async () => {
    const echo = (session: BearerSession, name: string): Promise<RawResponse> =>
      bearerCall(node.url, session, 'tools/call', {
        name,
        arguments: { message: 'hi', text: 'hi' },
      });
    const betaAnswers = [];
    for (let index = 0; index < 3; index += 1) betaAnswers.push(await echo(beta, 'vault__echo'));
    expect(betaAnswers.map((response) => response.status)).toEqual([200, 200, 429]);
    for (let index = 0; index < 5; index += 1) {
      const response = seen(await echo(alpha, 'everything__echo'));
      expect(response.status).toBe(200);
      expect(onlyMessage(response).error).toBeUndefined();
    }
  });

  it('never names the other tenant, its upstream or its client in anything alpha received', () => {
    const all = texts.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const word of ['beta', 'Beta', 'gatehouse-tools-server', 'beta-app'])
      expect(all).not.toContain(word);
    expect(all).not.toMatch(/vault(?!__echo|__any)/);
  });
});
