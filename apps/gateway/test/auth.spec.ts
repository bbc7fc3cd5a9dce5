import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { sha256Hex } from '@gatehouse/policy';
import { request } from 'undici';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { bearerCall, openBearerSession, rawInitialize } from './support/bearer-mcp.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { startHeaderRecorder, type HeaderRecorder } from './support/header-recorder.js';
import { onlyMessage, rawMcp } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';
import { TestIdp } from './support/test-idp.js';

const KEY = 'gh_live_auth-spec-valid-key-0001';
const EXPIRED_KEY = 'gh_live_auth-spec-expired-key-02';
const COOLDOWN_MS = 1_000;

/** `authentication_failures_total{reason}` from a Prometheus text page (0 when absent). */
function failuresOf(page: string, reason: string): number {
  const line = page
    .split('\n')
    .find((entry) => entry.startsWith(`authentication_failures_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('authentication of MCP clients', () => {
  const bed = new TestBed();
  let idp: TestIdp;
  let tools: ToolsServer;
  let recorder: HeaderRecorder;
  let node: GatewayNode;
  let metadataUrl: string;

  const claims = { tenant: 'acme', client_id: 'acme-app', sub: 'alice', scope: 'search.read' };

  beforeAll(async () => {
    idp = await TestIdp.start();
    tools = await startToolsServer();
    recorder = await startHeaderRecorder(tools.url);
    const dir = await bed.tempDir('auth');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [{ name: 'tools', transport: { type: 'streamable-http', url: recorder.url } }],
        auth: {
          jwt: [
            {
              issuer: idp.issuer,
              jwksUri: idp.jwksUri,
              jwksCooldownMs: COOLDOWN_MS,
              clockToleranceSeconds: 5,
            },
          ],
        },
      }),
      tenants: [{ id: 'acme', name: 'Acme' }],
      clients: [
        {
          id: 'acme-app',
          tenant: 'acme',
          name: 'Acme app',
          scopes: ['search.read'],
          apiKeys: [
            { id: 'valid', sha256: sha256Hex(KEY) },
            { id: 'old', sha256: sha256Hex(EXPIRED_KEY), expiresAt: '2025-01-01T00:00:00Z' },
          ],
        },
      ],
      tools: [{ upstream: 'tools', name: 'search', requiredScopes: ['search.read'] }],
    });
    node = await bed.gateway(configPath);
    metadataUrl = `${node.origin}/.well-known/oauth-protected-resource`;
  });

  afterAll(async () => {
    await bed.teardown();
    await recorder.stop();
    await tools.close();
    await idp.stop();
  });

  const challengeOf = (headers: Record<string, string | string[] | undefined>): string =>
    String(headers['www-authenticate']);

  it('serves RFC 9728 protected-resource metadata at the root and the path-suffixed URI', async () => {
    for (const url of [metadataUrl, `${metadataUrl}/mcp`]) {
      const response = await request(url);
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toMatchObject({
        resource: node.url,
        authorization_servers: [idp.issuer],
        scopes_supported: ['search.read'],
        bearer_methods_supported: ['header'],
      });
    }
    expect((await request(`${metadataUrl}/elsewhere`)).statusCode).toBe(404);
  });

  it('answers a request without a credential with 401 and where to find the metadata', async () => {
    const post = await rawInitialize(node.url, undefined);
    expect(post.status).toBe(401);
    expect(challengeOf(post.headers)).toBe(`Bearer resource_metadata="${metadataUrl}"`);
    for (const method of ['GET', 'DELETE'] as const) {
      const other = await rawMcp(node.url, undefined, { method, sessionId: 'whatever' });
      expect(other.status, method).toBe(401);
      expect(challengeOf(other.headers)).toBe(`Bearer resource_metadata="${metadataUrl}"`);
    }
  });

  it('answers malformed, expired, not-yet-valid, wrong-audience, wrong-issuer and wrongly-signed tokens with 401 invalid_token', async () => {
    const cases: [string, string | undefined, Record<string, string>, string][] = [
      ['not a JWT', 'not-a-jwt', {}, 'not a well-formed JWT'],
      [
        'a Basic credential',
        undefined,
        { authorization: 'Basic dXNlcjpwYXNz' },
        'not a Bearer credential',
      ],
      ['expired', await idp.mint({ claims, audience: node.url, expiresIn: -60 }), {}, 'expired'],
      [
        'not yet valid',
        await idp.mint({ claims, audience: node.url, notBefore: 120 }),
        {},
        'not valid yet',
      ],
      [
        'wrong audience',
        await idp.mint({ claims, audience: 'https://other.example/mcp' }),
        {},
        'audience',
      ],
      ['no audience', await idp.mint({ claims }), {}, 'audience'],
      [
        'wrong issuer',
        await idp.mint({ claims, audience: node.url, issuer: 'https://evil.example' }),
        {},
        'trusted issuer',
      ],
      [
        'wrongly signed',
        await idp.mint({ claims, audience: node.url, foreignKey: true }),
        {},
        'signature',
      ],
    ];
    for (const [what, token, headers, description] of cases) {
      const response = await rawInitialize(node.url, token, headers);
      expect(response.status, what).toBe(401);
      const challenge = challengeOf(response.headers);
      expect(challenge, what).toMatch(
        /^Bearer error="invalid_token", resource_metadata="[^"]+", error_description="[^"]+"$/,
      );
      expect(challenge, what).toContain(`resource_metadata="${metadataUrl}"`);
      expect(challenge, what).toContain(description);
      expect(onlyMessage(response).error?.message, what).toContain('Unauthorized');
    }
    expect(tools.received()).toEqual([]);
    // Counted by reason on /metrics (the earlier spec sent requests without any credential).
    const metrics = await (await request(`${node.origin}/metrics`)).body.text();
    expect(failuresOf(metrics, 'invalid')).toBeGreaterThanOrEqual(cases.length);
    expect(failuresOf(metrics, 'missing')).toBeGreaterThanOrEqual(3);
  });

  it('accepts a token of the IdP, and after a key rotation tokens under the new kid', async () => {
    const token = await idp.mint({ claims, audience: node.url });
    const session = await openBearerSession(node.url, token);
    const echoed = onlyMessage(
      await bearerCall(node.url, session, 'tools/call', {
        name: 'tools__echo',
        arguments: { text: 'hi' },
      }),
    );
    expect(echoed.result?.content).toEqual([{ type: 'text', text: 'echo: hi' }]);

    await idp.rotate();
    await sleep(COOLDOWN_MS + 100);
    const rotated = await idp.mint({ claims, audience: node.url });
    const before = idp.jwksFetches;
    const second = await openBearerSession(node.url, rotated);
    expect(idp.jwksFetches).toBe(before + 1);
    const listed = onlyMessage(await bearerCall(node.url, second, 'tools/list'));
    expect(Array.isArray(listed.result?.tools)).toBe(true);
    // The retired key's tokens stop working once the refreshed key set is in use.
    expect((await bearerCall(node.url, session, 'tools/list')).status).toBe(401);
  });

  it('refreshes the key set at most once per cooldown, whatever unknown kids arrive', async () => {
    await sleep(COOLDOWN_MS + 100);
    const before = idp.jwksFetches;
    // Signed by keys nobody published, under kids the JWKS never had: each asks for a refresh.
    const stranger = await TestIdp.start();
    const unknownKid: string[] = [];
    try {
      for (let index = 0; index < 10; index += 1) {
        await stranger.rotate();
        unknownKid.push(await stranger.mint({ claims, audience: node.url, issuer: idp.issuer }));
      }
    } finally {
      await stranger.stop();
    }
    for (const token of unknownKid) expect((await rawInitialize(node.url, token)).status).toBe(401);
    expect(idp.jwksFetches - before).toBeLessThanOrEqual(1);
  });

  it('accepts a valid API key and refuses unknown and expired ones', async () => {
    const session = await openBearerSession(node.url, KEY);
    const searched = onlyMessage(
      await bearerCall(node.url, session, 'tools/call', {
        name: 'tools__search',
        arguments: { query: 'q', limit: 1 },
      }),
    );
    expect(searched.error).toBeUndefined();
    for (const [key, description] of [
      ['gh_live_unknown-key-000000000000', 'the API key is not valid'],
      [EXPIRED_KEY, 'the API key has expired'],
    ] as const) {
      const response = await rawInitialize(node.url, key);
      expect(response.status).toBe(401);
      expect(challengeOf(response.headers)).toContain('error="invalid_token"');
      expect(challengeOf(response.headers)).toContain(description);
    }
  });

  it('binds a session to the credential that opened it', async () => {
    const session = await openBearerSession(node.url, KEY);
    const other = await idp.mint({
      claims: { ...claims, client_id: 'acme-cli' },
      audience: node.url,
    });
    const stolen = await bearerCall(node.url, session, 'tools/list', undefined, other);
    expect(stolen.status).toBe(404);
    expect((await bearerCall(node.url, session, 'tools/list')).status).toBe(200);
  });

  it('refuses to take the audience from a Host header anyone may set', async () => {
    const dir = await bed.tempDir('auth-open-host');
    const configPath = dir.file('gateway.yaml');
    const base = gatewayConfig({
      upstreams: [{ name: 'tools', transport: { type: 'streamable-http', url: recorder.url } }],
      auth: { jwt: [{ issuer: idp.issuer, jwksUri: idp.jwksUri }] },
    });
    // Bound to every interface with no allowedHosts: the Host header is the client's to choose.
    await writeGatewayConfig(configPath, {
      ...base,
      listen: { host: '0.0.0.0', port: 0 },
      tenants: [{ id: 'acme', name: 'Acme' }],
    });
    const open = await bed.gateway(configPath);
    const token = await idp.mint({ claims, audience: open.url });
    const response = await rawInitialize(open.url, token);
    expect(response.status).toBe(401);
    expect(challengeOf(response.headers)).toContain('no resource URI (auth.resource)');
  });

  it('never passes the client credential to an upstream', async () => {
    expect(recorder.seen().length).toBeGreaterThan(0);
    for (const headers of recorder.seen()) expect(headers.authorization).toBeUndefined();
  });
});
