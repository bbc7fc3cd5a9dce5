import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, writeGatewayConfig } from './support/gateway-node.js';
import {
  onlyMessage,
  openRawSession,
  rawCall,
  rawMcp,
  type RawSession,
} from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream } from './support/upstream-configs.js';

const MAX_BODY = 4_096;

// The transport's refusals, over raw HTTP: each has its status and JSON-RPC error, and none of
// them hurts the node (after each test a ping in a healthy session must still work).
describe('transport-level errors', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let url: string;
  let origin: string;
  let session: RawSession;

  beforeAll(async () => {
    const dir = await bed.tempDir('transport');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        maxBodyBytes: MAX_BODY,
        upstreams: [fixtureUpstream('local', { eventsFile: dir.file('events.jsonl') })],
      }),
    );
    const node = await bed.gateway(configPath);
    url = node.url;
    origin = node.origin;
    session = await openRawSession(url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  afterEach(async () => {
    const ping = await rawCall(url, session, 'ping');
    expect(ping.status, `the node stopped serving: ${ping.text}`).toBe(200);
    const tools = await rawCall(url, session, 'tools/list');
    expect(onlyMessage(tools).result?.tools).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'local__echo' })]),
    );
  });

  const withSession = (): { sessionId: string; protocolVersion: string } => ({
    sessionId: session.sessionId,
    protocolVersion: session.protocolVersion,
  });

  it('answers malformed JSON with 400 and -32700', async () => {
    const response = await rawMcp(
      url,
      '{"jsonrpc": "2.0", "id": 1, "method": "ping"',
      withSession(),
    );
    expect(response.status).toBe(400);
    expect(response.messages[0]?.error?.code).toBe(-32700);
    expect(response.messages[0]?.id).toBeNull();
  });

  it.each([
    ['no "jsonrpc"', { id: 1, method: 'tools/list' }],
    ['a wrong "jsonrpc"', { jsonrpc: '1.0', id: 1, method: 'tools/list' }],
    [
      'params that are not an object',
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: ['a'] },
    ],
    ['a null id on a request', { jsonrpc: '2.0', id: null, method: 'tools/list' }],
    ['a method that is not a string', { jsonrpc: '2.0', id: 1, method: 42 }],
    ['neither method nor result', { jsonrpc: '2.0', id: 1 }],
    ['a bare string', 'hello'],
  ])('answers a message with %s with 400 and -32600', async (_label, body) => {
    const response = await rawMcp(url, JSON.stringify(body), withSession());
    expect(response.status).toBe(400);
    expect(response.messages[0]?.error?.code).toBe(-32600);
  });

  it('refuses a batch under protocol 2025-11-25 with 400', async () => {
    const response = await rawMcp(
      url,
      [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      ],
      withSession(),
    );
    expect(response.status).toBe(400);
    expect(response.messages[0]?.error?.message).toMatch(/batch/i);
  });

  it('answers a batch under protocol 2025-03-26 with an array of answers, one per request', async () => {
    const old = await openRawSession(url, '2025-03-26');
    expect(old.protocolVersion).toBe('2025-03-26');
    const response = await rawMcp(
      url,
      [
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
        {
          jsonrpc: '2.0',
          id: 'b',
          method: 'tools/call',
          params: { name: 'local__echo', arguments: { text: 'in a batch' } },
        },
        { jsonrpc: '2.0', id: 'c', method: 'no/such/method' },
      ],
      { sessionId: old.sessionId, protocolVersion: old.protocolVersion },
    );
    expect(response.status).toBe(200);
    expect(Array.isArray(JSON.parse(response.text))).toBe(true);
    const byId = new Map(response.messages.map((message) => [message.id, message]));
    expect([...byId.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(byId.get('a')?.result).toEqual({});
    expect(byId.get('b')?.result?.content).toEqual([{ type: 'text', text: 'echo: in a batch' }]);
    expect(byId.get('c')?.error?.code).toBe(-32601);
  });

  it("answers an unknown method with -32601 and the request's id", async () => {
    const response = await rawCall(url, session, 'tools/frobnicate');
    expect(response.status).toBe(200);
    const answer = onlyMessage(response);
    expect(answer.error?.code).toBe(-32601);
    expect(String(answer.id)).toMatch(/^raw-/);
  });

  it('refuses a body over limits.maxBodyBytes with 413, declared or streamed', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'local__echo', arguments: { text: 'x'.repeat(MAX_BODY * 2) } },
    });
    const declared = await rawMcp(url, big, withSession());
    expect(declared.status).toBe(413);
    expect(declared.messages[0]?.error?.code).toBe(-32600);
    const streamed = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': session.sessionId,
        'mcp-protocol-version': session.protocolVersion,
      },
      body: Readable.from([big.slice(0, 3_000), big.slice(3_000)]),
    });
    await streamed.body.dump();
    expect(streamed.statusCode).toBe(413);
  });

  it('accepts a body just under the limit', async () => {
    const text = 'y'.repeat(MAX_BODY - 400);
    const response = await rawCall(url, session, 'tools/call', {
      name: 'local__echo',
      arguments: { text },
    });
    expect(response.status).toBe(200);
    expect(onlyMessage(response).result?.content).toEqual([
      { type: 'text', text: `echo: ${text}` },
    ]);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], [undefined]])(
    'refuses Content-Type %s with 415',
    async (contentType) => {
      const response = await rawMcp(
        url,
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { ...withSession(), headers: { 'content-type': contentType } },
      );
      expect(response.status).toBe(415);
      expect(response.messages[0]?.error?.code).toBe(-32600);
    },
  );

  it.each([[undefined], ['application/json'], ['text/event-stream'], ['text/html']])(
    'refuses a POST with Accept %s with 406',
    async (accept) => {
      const response = await rawMcp(
        url,
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { ...withSession(), headers: { accept } },
      );
      expect(response.status).toBe(406);
      expect(response.messages[0]?.error?.code).toBe(-32600);
    },
  );

  it.each([[undefined], ['application/json']])(
    'refuses a GET with Accept %s with 406',
    async (accept) => {
      const response = await rawMcp(url, undefined, {
        ...withSession(),
        method: 'GET',
        headers: { accept },
      });
      expect(response.status).toBe(406);
    },
  );

  it('asks for the session header (400) on every method but initialize', async () => {
    const post = await rawMcp(url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(post.status).toBe(400);
    expect(post.messages[0]?.error?.message).toMatch(/Mcp-Session-Id/i);
    expect((await rawMcp(url, undefined, { method: 'GET' })).status).toBe(400);
    expect((await rawMcp(url, undefined, { method: 'DELETE' })).status).toBe(400);
  });

  it('answers an unknown session with 404 and -32001, on POST, GET and DELETE', async () => {
    const unknown = 'gh1.' + Buffer.alloc(80, 1).toString('base64url');
    const post = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { sessionId: unknown },
    );
    expect(post.status).toBe(404);
    expect(post.messages[0]?.error?.code).toBe(-32001);
    expect((await rawMcp(url, undefined, { method: 'GET', sessionId: unknown })).status).toBe(404);
    expect((await rawMcp(url, undefined, { method: 'DELETE', sessionId: unknown })).status).toBe(
      404,
    );
  });

  it('refuses an unsupported MCP-Protocol-Version with 400, and serves another supported one', async () => {
    const unsupported = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { sessionId: session.sessionId, protocolVersion: '1999-01-01' },
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.messages[0]?.error?.message).toContain('1999-01-01');
    const older = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { sessionId: session.sessionId, protocolVersion: '2025-06-18' },
    );
    expect(older.status).toBe(200);
  });

  it('refuses a foreign Host with 403 (DNS rebinding)', async () => {
    const response = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { ...withSession(), headers: { host: 'evil.example:8080' } },
    );
    expect(response.status).toBe(403);
    expect(response.messages[0]?.error?.code).toBe(-32012);
  });

  it('refuses a foreign Origin with 403 and lets a loopback one through with CORS headers', async () => {
    const foreign = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { ...withSession(), headers: { origin: 'https://evil.example' } },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.messages[0]?.error?.code).toBe(-32012);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const local = await rawMcp(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { ...withSession(), headers: { origin: 'http://localhost:5173' } },
    );
    expect(local.status).toBe(200);
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('answers notifications and stray responses with 202 and no body', async () => {
    for (const body of [
      { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
      {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 'never-sent', reason: 'test' },
      },
      { jsonrpc: '2.0', id: 'gh:local:999999', result: {} },
      { jsonrpc: '2.0', id: 'not-relayed', error: { code: -1, message: 'nobody asked' } },
    ]) {
      const response = await rawMcp(url, body, withSession());
      expect(response.status, JSON.stringify(body)).toBe(202);
      expect(response.text).toBe('');
    }
  });

  it('answers PUT with 405 and an Allow header', async () => {
    const response = await request(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await response.body.dump();
    expect(response.statusCode).toBe(405);
    expect(String(response.headers.allow)).toContain('POST');
  });

  it('answers initialize without clientInfo with -32602', async () => {
    const response = await rawMcp(url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {} },
    });
    expect(onlyMessage(response).error?.code).toBe(-32602);
    expect(response.headers['mcp-session-id']).toBeUndefined();
  });

  it('ends a session on DELETE: the id is then refused with 404', async () => {
    const doomed = await openRawSession(url);
    expect((await rawCall(url, doomed, 'ping')).status).toBe(200);
    const deleted = await rawMcp(url, undefined, {
      method: 'DELETE',
      sessionId: doomed.sessionId,
      protocolVersion: doomed.protocolVersion,
    });
    expect([200, 204]).toContain(deleted.status);
    const after = await rawCall(url, doomed, 'ping');
    expect(after.status).toBe(404);
    expect(after.messages[0]?.error?.code).toBe(-32001);
  });

  it('serves /healthz and /readyz', async () => {
    const health = await request(`${origin}/healthz`);
    expect(await health.body.json()).toEqual({ status: 'ok' });
    const ready = await request(`${origin}/readyz`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toMatchObject({
      status: 'ready',
      upstreams: { local: { state: 'ready' } },
    });
  });
});
