import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, parseGatewayArgs, type GatewayArgs } from './parse-gateway-args.js';

const CONTROL_PLANE = [
  '--control-plane',
  'https://cp.example.com',
  '--fleet',
  'eu-1',
  '--node-credential-file',
  '/run/secrets/node',
  '--trusted-keys',
  '/etc/gatehouse/keys.pem',
];

function controlPlane(args: GatewayArgs): Extract<GatewayArgs, { mode: 'control-plane' }> {
  if (args.mode !== 'control-plane')
    throw new Error(`expected control-plane mode, got ${args.mode}`);
  return args;
}

describe('parseGatewayArgs', () => {
  it('reads file mode; a plain file needs --allow-unsigned to be said, not assumed', () => {
    expect(parseGatewayArgs(['--config', 'g.yaml'], {})).toEqual({
      mode: 'file',
      config: 'g.yaml',
      allowUnsigned: false,
      trustedKeys: undefined,
      fleetId: undefined,
      logLevel: 'info',
    });
    expect(
      parseGatewayArgs(
        ['--config', 'g.jws', '--trusted-keys', 'k.pem', '--allow-unsigned', '--port', '9'],
        {},
      ),
    ).toMatchObject({ mode: 'file', allowUnsigned: true, trustedKeys: 'k.pem', port: 9 });
  });

  it('reads control-plane mode from flags, with defaults', () => {
    const args = controlPlane(parseGatewayArgs(CONTROL_PLANE, { HOME: '/home/op' }));
    expect(args.controlPlaneUrl.href).toBe('https://cp.example.com/');
    expect(args.fleetId).toBe('eu-1');
    expect(args.credential).toEqual({ kind: 'file', path: '/run/secrets/node' });
    expect(args.trustedKeys).toBe('/etc/gatehouse/keys.pem');
    expect(args.heartbeatIntervalSeconds).toBe(10);
    expect(args.stateDir.endsWith(join('.local', 'state', 'gatehouse'))).toBe(true);
    expect(args.port).toBeUndefined();
  });

  it('reads control-plane mode from the environment, flags winning', () => {
    const env = {
      GATEHOUSE_CONTROL_PLANE_URL: 'http://127.0.0.1:3000',
      GATEHOUSE_FLEET_ID: 'from-env',
      GATEHOUSE_NODE_CREDENTIAL: 'secret-value',
      GATEHOUSE_TRUSTED_KEYS_FILE: '/keys.json',
      GATEHOUSE_STATE_DIR: '/var/lib/gatehouse',
      GATEHOUSE_NODE_ID: 'node-7',
    };
    const fromEnv = controlPlane(parseGatewayArgs([], env));
    expect(fromEnv).toMatchObject({
      fleetId: 'from-env',
      trustedKeys: '/keys.json',
      stateDir: '/var/lib/gatehouse',
      nodeId: 'node-7',
    });
    expect(fromEnv.credential.kind).toBe('value');
    expect(JSON.stringify(fromEnv)).not.toContain('secret-value');
    const flagged = controlPlane(
      parseGatewayArgs(['--fleet', 'from-flag', '--state-dir', '/s'], env),
    );
    expect(flagged.fleetId).toBe('from-flag');
    expect(flagged.stateDir).toBe('/s');
    expect(
      controlPlane(parseGatewayArgs([], { ...env, GATEHOUSE_NODE_CREDENTIAL_FILE: '/cred' }))
        .credential,
    ).toEqual({ kind: 'file', path: '/cred' });
  });

  it('says what is missing or misplaced', () => {
    const refuse = (argv: string[], env: NodeJS.ProcessEnv, message: RegExp): void => {
      expect(() => parseGatewayArgs(argv, env)).toThrow(UsageError);
      expect(() => parseGatewayArgs(argv, env)).toThrow(message);
    };
    refuse([], {}, /--control-plane URL .* or --config FILE/);
    refuse(['--control-plane', 'https://cp'], {}, /--fleet ID/);
    refuse(['--control-plane', 'https://cp', '--fleet', 'f'], {}, /--trusted-keys FILE/);
    refuse(
      ['--control-plane', 'https://cp', '--fleet', 'f', '--trusted-keys', 'k'],
      {},
      /--node-credential-file/,
    );
    refuse([...CONTROL_PLANE, '--allow-unsigned'], {}, /--allow-unsigned is for --config/);
    refuse(
      ['--config', 'g.yaml', '--state-dir', '/s', '--node-id', 'n'],
      {},
      /--state-dir, --node-id belong to control-plane mode/,
    );
    refuse(['--control-plane', 'ftp://cp', '--fleet', 'f'], {}, /http\(s\) URL/);
    refuse(
      ['--control-plane', 'https://user:pw@cp', '--fleet', 'f'],
      {},
      /must not carry credentials/,
    );
    refuse(['--control-plane', 'https://cp', '--fleet', 'no spaces'], {}, /--fleet "no spaces"/);
    refuse([...CONTROL_PLANE, '--heartbeat-interval', '0'], {}, /1-3600 seconds/);
    refuse([...CONTROL_PLANE, '--node-id', 'bad id'], {}, /--node-id must be/);
    refuse(
      ['--control-plane', 'https://cp', '--fleet', 'f', '--trusted-keys', 'k'],
      { GATEHOUSE_NODE_CREDENTIAL: '   ' },
      /--node-credential-file/,
    );
    refuse(['--config', 'g.yaml', '--port', '70000'], {}, /--port must be 0-65535/);
    refuse(['--config', 'g.yaml', '--verbose'], {}, /verbose/);
  });
});
