import { describe, expect, it } from 'vitest';
import { upstreamSchema } from '../gateway-config/upstream.schema.js';
import { createUpstreamBodySchema } from './upstream-resource.schema.js';

/** The gateway config entry an upstream stored through the admin API becomes. */
function asGatewayUpstream(body: unknown) {
  const {
    tenantId: _tenantId,
    description,
    namespace,
    ...rest
  } = createUpstreamBodySchema.parse(body);
  return upstreamSchema.parse({
    ...rest,
    ...(description === null ? {} : { description }),
    ...(namespace === null ? {} : { namespace }),
  });
}

describe('createUpstreamBodySchema', () => {
  it('accepts only what the gateway config accepts too', () => {
    expect(
      asGatewayUpstream({
        name: 'github',
        namespace: 'gh',
        timeoutMs: 5_000,
        transport: {
          type: 'streamable-http',
          url: 'https://mcp.example.com/mcp',
          headers: { 'X-Api-Version': '2' },
        },
      }),
    ).toMatchObject({ name: 'github', namespace: 'gh', timeoutMs: 5_000 });
    expect(
      asGatewayUpstream({
        name: 'files',
        namespace: '',
        transport: { type: 'stdio', command: 'mcp-files', args: ['--root', '/'], env: { A: 'b' } },
      }).transport,
    ).toMatchObject({
      type: 'stdio',
      command: 'mcp-files',
      args: ['--root', '/'],
      env: { A: 'b' },
    });
  });

  it('refuses what the gateway config refuses, naming the field', () => {
    const result = createUpstreamBodySchema.safeParse({
      name: 'Files',
      namespace: 'a__b',
      timeoutMs: 99,
      transport: { type: 'streamable-http', url: 'ftp://example.com' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'name',
      'namespace',
      'timeoutMs',
      'transport.url',
    ]);
  });

  it('is stricter where a node could not use the value: header and variable names', () => {
    const result = createUpstreamBodySchema.safeParse({
      name: 'x',
      transport: { type: 'stdio', command: 'x', env: { 'A B': 'c' } },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'transport.env.A B',
    ]);
  });
});
