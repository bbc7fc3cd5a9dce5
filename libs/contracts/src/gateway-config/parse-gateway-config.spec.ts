import { describe, expect, it } from 'vitest';
import { problemsOf, STDIO_UPSTREAM, stdio, upstreamsYaml } from './config-spec-helpers.js';
import { DEFAULT_MAX_BODY_BYTES } from './gateway-config.schema.js';
import { GatewayConfigError, parseGatewayConfig } from './parse-gateway-config.js';

describe('parseGatewayConfig defaults', () => {
  it('fills every section from a minimal config', () => {
    const config = parseGatewayConfig(STDIO_UPSTREAM, 'test.yaml');
    expect(config.schemaVersion).toBe(1);
    expect(config.server).toEqual({ name: 'gatehouse', version: '0.1.0' });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080, path: '/mcp' });
    expect(config.security).toEqual({ allowedOrigins: [], allowedHosts: [] });
    expect(config.limits).toEqual({
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxBatchSize: 50,
      shutdownGraceMs: 10_000,
    });
    expect(config.sessions).toEqual({ ttlSeconds: 86_400 });
    expect(config.tenants).toEqual([]);
  });

  it('fills upstream and stdio transport defaults, leaving namespace unset', () => {
    const [upstream] = parseGatewayConfig(STDIO_UPSTREAM, 'test.yaml').upstreams;
    expect(upstream).toEqual({
      name: 'files',
      enabled: true,
      timeoutMs: 60_000,
      toolCatalog: 'open',
      transport: {
        type: 'stdio',
        command: 'mcp-files',
        args: [],
        env: {},
        restart: { initialDelayMs: 250, maxDelayMs: 30_000 },
        stderrMaxBytes: 65_536,
        processScope: 'node',
        maxProcesses: 64,
        idleTimeoutMs: 300_000,
      },
    });
    expect(upstream?.namespace).toBeUndefined();
  });

  it('fills defaults inside a partly given section', () => {
    const config = parseGatewayConfig(
      `listen: { port: 9000 }\nlimits: { maxBatchSize: 5 }\n${STDIO_UPSTREAM}`,
      'test.yaml',
    );
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9000, path: '/mcp' });
    expect(config.limits).toEqual({
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxBatchSize: 5,
      shutdownGraceMs: 10_000,
    });
  });

  it('accepts a streamable-http upstream with headers defaulted', () => {
    const config = parseGatewayConfig(
      upstreamsYaml(
        'name: remote\ntransport: { type: streamable-http, url: "https://mcp.example.com/mcp" }',
      ),
      'test.yaml',
    );
    expect(config.upstreams[0]?.transport).toEqual({
      type: 'streamable-http',
      url: 'https://mcp.example.com/mcp',
      headers: {},
    });
  });

  it('reads JSON as well as YAML', () => {
    const config = parseGatewayConfig(
      JSON.stringify({
        listen: { port: 1234 },
        upstreams: [{ name: 'a', transport: { type: 'stdio', command: 'a' } }],
      }),
      'test.json',
    );
    expect(config.listen.port).toBe(1234);
    expect(config.upstreams.map((upstream) => upstream.name)).toEqual(['a']);
  });
});

describe('parseGatewayConfig problems', () => {
  it('names the path and the reason of a bad upstream url', () => {
    const problems = problemsOf(
      upstreamsYaml(
        stdio('a'),
        'name: b\ntransport: { type: streamable-http, url: "ftp://example.com/mcp" }',
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('upstreams[1].transport.url');
    expect(problems[0]?.message).not.toBe('');
  });

  it('puts source, path and message in the error text', () => {
    let caught: unknown;
    try {
      parseGatewayConfig(`listen: { port: 70000 }\n${STDIO_UPSTREAM}`, 'conf/gateway.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayConfigError);
    const error = caught as GatewayConfigError;
    expect(error.name).toBe('GatewayConfigError');
    expect(error.source).toBe('conf/gateway.yaml');
    expect(error.problems.map((problem) => problem.path)).toEqual(['listen.port']);
    expect(error.message).toContain('conf/gateway.yaml');
    expect(error.message).toContain(`  - listen.port: ${error.problems[0]?.message ?? ''}`);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      `listen: { port: -1, path: "no-slash" }\nlimits: { maxBatchSize: 0 }\n${STDIO_UPSTREAM}`,
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'limits.maxBatchSize',
      'listen.path',
      'listen.port',
    ]);
  });

  it('requires at least one upstream', () => {
    expect(problemsOf('upstreams: []\n')).toEqual([
      { path: 'upstreams', message: 'at least one upstream is needed' },
    ]);
    expect(problemsOf('listen: { port: 1 }\n').map((problem) => problem.path)).toEqual([
      'upstreams',
    ]);
  });

  it('rejects unknown fields at the root, in sections, upstreams and transports', () => {
    expect(problemsOf(`extra: 1\n${STDIO_UPSTREAM}`)[0]).toMatchObject({
      path: '(root)',
      message: expect.stringContaining('extra') as unknown,
    });
    expect(problemsOf(`listen: { prot: 1 }\n${STDIO_UPSTREAM}`)[0]).toMatchObject({
      path: 'listen',
      message: expect.stringContaining('prot') as unknown,
    });
    expect(problemsOf(upstreamsYaml(stdio('a', 'timeout: 5\n')))[0]).toMatchObject({
      path: 'upstreams[0]',
      message: expect.stringContaining('timeout') as unknown,
    });
    expect(
      problemsOf(
        upstreamsYaml('name: a\ntransport: { type: stdio, command: x, url: "http://x" }'),
      )[0],
    ).toMatchObject({
      path: 'upstreams[0].transport',
      message: expect.stringContaining('url') as unknown,
    });
  });

  it('refuses an unknown transport type at the discriminator', () => {
    const problems = problemsOf(
      upstreamsYaml('name: a\ntransport: { type: websocket, url: "ws://x" }'),
    );
    expect(problems.map((problem) => problem.path)).toEqual(['upstreams[0].transport.type']);
  });

  it('refuses a schema version other than 1', () => {
    expect(
      problemsOf(`schemaVersion: 2\n${STDIO_UPSTREAM}`).map((problem) => problem.path),
    ).toEqual(['schemaVersion']);
  });

  it('refuses a too-short session secret with the reason', () => {
    expect(problemsOf(`sessions: { secret: short }\n${STDIO_UPSTREAM}`)).toEqual([
      {
        path: 'sessions.secret',
        message: 'must be at least 32 characters; nodes of one fleet share it',
      },
    ]);
  });

  it('refuses duplicate upstream names, naming the earlier one', () => {
    const problems = problemsOf(
      upstreamsYaml(stdio('a'), stdio('b'), stdio('a', 'namespace: other\n')),
    );
    expect(problems).toEqual([
      { path: 'upstreams[2].name', message: 'duplicate upstream name "a" (also upstreams[0])' },
    ]);
  });

  it('refuses a namespace that collides with another upstream default namespace', () => {
    const problems = problemsOf(upstreamsYaml(stdio('a'), stdio('b', 'namespace: a\n')));
    expect(problems).toEqual([
      { path: 'upstreams[1].namespace', message: 'namespace "a" collides with upstreams[0]' },
    ]);
  });

  it('refuses two explicit namespaces that are equal', () => {
    const problems = problemsOf(
      upstreamsYaml(stdio('a', 'namespace: ns\n'), stdio('b', 'namespace: ns\n')),
    );
    expect(problems.map((problem) => problem.path)).toEqual(['upstreams[1].namespace']);
  });

  it('allows one upstream without prefix but not two', () => {
    const ok = parseGatewayConfig(
      upstreamsYaml(stdio('a', 'namespace: ""\n'), stdio('b')),
      'test.yaml',
    );
    expect(ok.upstreams.map((upstream) => upstream.namespace)).toEqual(['', undefined]);
    const problems = problemsOf(
      upstreamsYaml(stdio('a', 'namespace: ""\n'), stdio('b', 'namespace: ""\n')),
    );
    expect(problems).toEqual([
      {
        path: 'upstreams[1].namespace',
        message: 'only one upstream may have no prefix (also upstreams[0])',
      },
    ]);
  });

  it('refuses namespaces containing the separator or otherwise malformed', () => {
    for (const namespace of ['a__b', '_a', 'a_', 'a-', 'A', 'a b', 'a.b']) {
      const problems = problemsOf(upstreamsYaml(stdio('a', `namespace: "${namespace}"\n`)));
      expect(
        problems.map((problem) => problem.path),
        namespace,
      ).toEqual(['upstreams[0].namespace']);
    }
    const ok = parseGatewayConfig(upstreamsYaml(stdio('a', 'namespace: my_ns-2\n')), 'test.yaml');
    expect(ok.upstreams[0]?.namespace).toBe('my_ns-2');
  });

  it('refuses malformed upstream names', () => {
    for (const name of ['A', '1a', 'a_b', 'a.b', '']) {
      const problems = problemsOf(
        upstreamsYaml(`name: "${name}"\ntransport: { type: stdio, command: x }`),
      );
      expect(
        problems.map((problem) => problem.path),
        name,
      ).toEqual(['upstreams[0].name']);
    }
  });

  it('reports invalid YAML at the root', () => {
    const problems = problemsOf('upstreams: [\n  - name: a\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('(root)');
    expect(problems[0]?.message).toMatch(/^not valid YAML\/JSON: /);
  });

  it('refuses a root that is not a mapping', () => {
    for (const text of ['- a\n- b\n', '42', '"text"', '', 'null']) {
      expect(problemsOf(text), JSON.stringify(text)).toEqual([
        { path: '(root)', message: 'must be a mapping (an object)' },
      ]);
    }
  });
});
