import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startToolsServer, type ToolsServer } from './fixtures/tools-server.js';
import { bearerCall, openBearerSession, type BearerSession } from './support/bearer-mcp.js';
import { gatewayConfig, writeGatewayConfig, type GatewayNode } from './support/gateway-node.js';
import { onlyMessage, type RawJsonRpc } from './support/raw-mcp.js';
import { TestBed } from './support/test-bed.js';

const DAY_MS = 86_400_000;

describe('tool contract enforcement on arguments', () => {
  const bed = new TestBed();
  let tools: ToolsServer;
  let node: GatewayNode;
  let session: BearerSession;

  beforeAll(async () => {
    tools = await startToolsServer();
    const dir = await bed.tempDir('arguments');
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(configPath, {
      ...gatewayConfig({
        upstreams: [{ name: 'tools', transport: { type: 'streamable-http', url: tools.url } }],
      }),
      tools: [
        {
          upstream: 'tools',
          name: 'search',
          // The catalog's approved schema (2020-12): stricter than what the upstream declares.
          inputSchema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: {
              query: { type: 'string', minLength: 1 },
              limit: { type: 'integer' },
              from: { type: 'string', format: 'date-time' },
            },
            required: ['query'],
            additionalProperties: false,
          },
          rules: [
            { kind: 'required', argument: 'limit' },
            { kind: 'range', argument: 'limit', min: 1, max: 100 },
            { kind: 'dateRange', argument: 'from', notBefore: '-P30D', notAfter: 'P0D' },
            { kind: 'pattern', argument: 'query', pattern: '^[\\w ]+$', id: 'plain-query' },
            { kind: 'blocklist', argument: 'query', values: ['drop tables'] },
          ],
          limits: { maxArgumentBytes: 256 },
        },
        {
          upstream: 'tools',
          name: 'echo',
          inputSchema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { text: { type: 'string', enum: ['hello', 'bye'] } },
            required: ['text'],
          },
        },
      ],
    });
    node = await bed.gateway(configPath);
    session = await openBearerSession(node.url, undefined);
  });

  beforeEach(() => tools.reset());

  afterAll(async () => {
    await bed.teardown();
    await tools.close();
  });

  const call = async (name: string, args: unknown): Promise<RawJsonRpc> =>
    onlyMessage(await bearerCall(node.url, session, 'tools/call', { name, arguments: args }));

  const refused = async (
    args: unknown,
    rule: string,
    reason: string,
    says: string[],
    name = 'tools__search',
  ): Promise<void> => {
    const answer = await call(name, args);
    expect(answer.error, JSON.stringify(args)).toMatchObject({
      code: -32602,
      data: { rule, reason },
    });
    for (const text of says) expect(answer.error?.message).toContain(text);
  };

  const recent = new Date(Date.now() - DAY_MS).toISOString();

  it('lets a valid call through to the upstream', async () => {
    const answer = await call('tools__search', { query: 'cats', limit: 5, from: recent });
    expect(answer.error).toBeUndefined();
    expect(tools.received().map((received) => received.arguments)).toEqual([
      { query: 'cats', limit: 5, from: recent },
    ]);
  });

  it('refuses schema-invalid arguments, naming the path and the rule', async () => {
    await refused({ limit: 5 }, 'schema', 'arguments_invalid', [
      'query is required',
      'rule schema',
    ]);
    await refused({ query: 'cats', limit: 2.5 }, 'schema', 'arguments_invalid', [
      'limit must be integer',
    ]);
    await refused({ query: 'cats', limit: 5, extra: true }, 'schema', 'arguments_invalid', [
      'extra is not a known argument',
    ]);
    await refused(
      { text: 'nope' },
      'schema',
      'arguments_invalid',
      ['text must be one of "hello", "bye"'],
      'tools__echo',
    );
    expect(tools.received()).toEqual([]);
  });

  it('refuses oversized arguments before anything else about them', async () => {
    await refused(
      { query: 'x'.repeat(300), limit: 5 },
      'max-argument-bytes',
      'arguments_too_large',
      ['more than the 256 allowed'],
    );
    expect(tools.received()).toEqual([]);
  });

  it('refuses out-of-range and rule-violating arguments, saying what to change', async () => {
    await refused({ query: 'cats' }, 'required:limit', 'argument_rule', ['"limit" is required']);
    await refused({ query: 'cats', limit: 500 }, 'range:limit', 'argument_rule', [
      'above the maximum 100',
      'at most 100',
    ]);
    await refused({ query: 'cats', limit: 0 }, 'range:limit', 'argument_rule', ['at least 1']);
    const old = new Date(Date.now() - 60 * DAY_MS).toISOString();
    await refused({ query: 'cats', limit: 5, from: old }, 'dateRange:from', 'argument_rule', [
      'or later',
    ]);
    const future = new Date(Date.now() + 2 * DAY_MS).toISOString();
    await refused({ query: 'cats', limit: 5, from: future }, 'dateRange:from', 'argument_rule', [
      'or earlier',
    ]);
    await refused({ query: 'cats; rm', limit: 5 }, 'plain-query', 'argument_rule', ['pattern']);
    await refused({ query: 'drop tables', limit: 5 }, 'blocklist:query', 'argument_rule', [
      'may not be',
    ]);
    expect(tools.received()).toEqual([]);
  });
});
