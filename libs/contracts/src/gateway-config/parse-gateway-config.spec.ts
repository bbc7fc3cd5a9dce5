import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from './gateway-config.schema.js';
import {
  GatewayConfigError,
  formatIssuePath,
  parseGatewayConfig,
  substituteEnv,
  type ConfigProblem,
} from './parse-gateway-config.js';

const STDIO_UPSTREAM = `
upstreams:
  - name: files
    transport:
      type: stdio
      command: mcp-files
`;

/** The problems a config is refused with; fails the test when it is accepted or throws anything else. */
function problemsOf(text: string, env: Record<string, string> = {}): readonly ConfigProblem[] {
  try {
    parseGatewayConfig(text, 'test.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as GatewayConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

function upstreamsYaml(...entries: string[]): string {
  return `upstreams:\n${entries.map((entry) => `  - ${entry.trim().split('\n').join('\n    ')}`).join('\n')}\n`;
}

function stdio(name: string, extra = ''): string {
  return `name: ${name}\n${extra}transport: { type: stdio, command: run-${name} }`;
}

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

describe('parseGatewayConfig environment substitution', () => {
  it('substitutes variables inside strings and applies defaults', () => {
    const config = parseGatewayConfig(
      `server: { name: "gw-\${REGION}-\${STAGE:-dev}" }\n` +
        upstreamsYaml(
          'name: a\ntransport: { type: streamable-http, url: "${BASE_URL}/mcp", headers: { authorization: "Bearer ${TOKEN}" } }',
        ),
      'test.yaml',
      { REGION: 'eu', BASE_URL: 'https://mcp.example.com', TOKEN: 's3cret' },
    );
    expect(config.server.name).toBe('gw-eu-dev');
    expect(config.upstreams[0]?.transport).toMatchObject({
      url: 'https://mcp.example.com/mcp',
      headers: { authorization: 'Bearer s3cret' },
    });
  });

  it('prefers a set variable over the default and treats an empty one as unset', () => {
    const text = `server: { name: "\${NAME:-fallback}" }\n${STDIO_UPSTREAM}`;
    expect(parseGatewayConfig(text, 'test.yaml', { NAME: 'given' }).server.name).toBe('given');
    expect(parseGatewayConfig(text, 'test.yaml', { NAME: '' }).server.name).toBe('fallback');
  });

  it('turns a whole-variable numeric value into a number', () => {
    const config = parseGatewayConfig(
      `listen: { port: "\${PORT}" }\n${STDIO_UPSTREAM}`,
      'test.yaml',
      { PORT: '9090' },
    );
    expect(config.listen.port).toBe(9090);
    const fallback = parseGatewayConfig(
      `listen: { port: "\${PORT:-7070}" }\n${STDIO_UPSTREAM}`,
      'test.yaml',
    );
    expect(fallback.listen.port).toBe(7070);
  });

  it('turns a whole-variable boolean into a boolean', () => {
    const config = parseGatewayConfig(
      upstreamsYaml(stdio('a', 'enabled: "${A_ENABLED}"\n')),
      'test.yaml',
      {
        A_ENABLED: 'false',
      },
    );
    expect(config.upstreams[0]?.enabled).toBe(false);
  });

  it('keeps a numeric variable embedded in text a string', () => {
    const config = parseGatewayConfig(
      `server: { version: "v\${MAJOR}" }\n${STDIO_UPSTREAM}`,
      'test.yaml',
      { MAJOR: '2' },
    );
    expect(config.server.version).toBe('v2');
  });

  it('reports a missing variable with the path of its value', () => {
    const problems = problemsOf(
      upstreamsYaml(stdio('a'), 'name: b\ntransport: { type: streamable-http, url: "${B_URL}" }'),
    );
    expect(problems).toEqual([
      {
        path: 'upstreams[1].transport.url',
        message: 'environment variable B_URL is not set (or empty)',
      },
    ]);
  });

  it('reports every missing variable before validating', () => {
    const problems = problemsOf(
      `listen: { port: "\${PORT}", host: "\${HOST}" }\n${STDIO_UPSTREAM}`,
    );
    expect(problems).toEqual([
      { path: 'listen.port', message: 'environment variable PORT is not set (or empty)' },
      { path: 'listen.host', message: 'environment variable HOST is not set (or empty)' },
    ]);
  });

  it('does not substitute into keys, and leaves non-variable dollar text alone', () => {
    const config = parseGatewayConfig(
      upstreamsYaml(
        'name: a\ntransport: { type: stdio, command: x, env: { "${KEY}": "$HOME ${not-a-name} $${X" } }',
      ),
      'test.yaml',
      { KEY: 'k' },
    );
    expect(config.upstreams[0]?.transport).toMatchObject({
      env: { '${KEY}': '$HOME ${not-a-name} $${X' },
    });
  });

  // Regression: a whole `${VAR}` value used to be re-parsed as YAML and could throw a raw YAMLParseError.
  it('takes an env value that is not a YAML scalar verbatim instead of crashing', () => {
    const text = `sessions: { secret: "\${SESSION_SECRET}" }\n${STDIO_UPSTREAM}`;
    for (const secret of [
      '[not-yaml-0123456789abcdefghijklmnopqrstuvwxyz',
      '"quoted-0123456789abcdefghijklmnopqrstuvwxyz',
    ]) {
      expect(
        parseGatewayConfig(text, 'test.yaml', { SESSION_SECRET: secret }).sessions.secret,
      ).toBe(secret);
    }
  });

  // Regression: numeric-looking secrets and header values must stay strings.
  it('keeps a numeric-looking variable a string where the schema wants a string', () => {
    const config = parseGatewayConfig(
      upstreamsYaml(
        'name: a\ntransport: { type: streamable-http, url: "https://x.example/mcp", headers: { x-api-key: "${API_KEY}" } }',
      ),
      'test.yaml',
      { API_KEY: '1234567890' },
    );
    expect(config.upstreams[0]?.transport).toMatchObject({
      headers: { 'x-api-key': '1234567890' },
    });
  });
});

describe('substituteEnv', () => {
  it('walks arrays and objects and leaves non-strings alone', () => {
    const problems: ConfigProblem[] = [];
    const out = substituteEnv(
      { a: ['${X}', 1, true, null], b: { c: 'x${X}y' } },
      { X: 'v' },
      problems,
    );
    expect(out).toEqual({ a: ['v', 1, true, null], b: { c: 'xvy' } });
    expect(problems).toEqual([]);
  });

  it('names array positions in the path of a missing variable', () => {
    const problems: ConfigProblem[] = [];
    const out = substituteEnv({ list: ['ok', 'a${MISSING}b'] }, {}, problems);
    expect(out).toEqual({ list: ['ok', 'ab'] });
    expect(problems).toEqual([
      { path: 'list[1]', message: 'environment variable MISSING is not set (or empty)' },
    ]);
  });

  it('allows an empty default', () => {
    const problems: ConfigProblem[] = [];
    expect(substituteEnv('a${X:-}b', {}, problems)).toBe('ab');
    expect(problems).toEqual([]);
  });
});

describe('formatIssuePath', () => {
  it('formats keys dotted and indexes bracketed', () => {
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath(['listen'])).toBe('listen');
    expect(formatIssuePath(['upstreams', 1, 'transport', 'url'])).toBe(
      'upstreams[1].transport.url',
    );
    expect(formatIssuePath([0, 'a', 2, 3])).toBe('[0].a[2][3]');
  });
});
