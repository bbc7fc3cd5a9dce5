import { describe, expect, it } from 'vitest';
import { problemsOf, STDIO_UPSTREAM, stdio, upstreamsYaml } from './config-spec-helpers.js';
import {
  formatIssuePath,
  parseGatewayConfig,
  substituteEnv,
  type ConfigProblem,
} from './parse-gateway-config.js';

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
