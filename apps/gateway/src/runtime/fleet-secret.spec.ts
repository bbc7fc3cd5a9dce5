import { gatewayConfigSchema } from '@gatehouse/contracts';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayRuntime } from './gateway-runtime.js';

const config = gatewayConfigSchema.parse({
  upstreams: [
    {
      name: 'off',
      enabled: false,
      transport: { type: 'streamable-http', url: 'http://127.0.0.1:9/mcp' },
    },
  ],
});
const state = {
  v: 2 as const,
  id: 's1',
  t: 'default',
  c: 'anonymous',
  pv: '2025-11-25',
  iat: 1,
  exp: 4_000_000_000,
  caps: {},
  ci: { name: 'c', version: '1' },
  up: {},
};

// A control plane's snapshot carries no session secret: nodes of a fleet share the key through
// their own environment, so a session sealed by one node opens on another.
describe('the fleet session key', () => {
  const runtimes: GatewayRuntime[] = [];
  const previous = process.env['GATEHOUSE_SESSION_SECRET'];
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
    if (previous === undefined) delete process.env['GATEHOUSE_SESSION_SECRET'];
    else process.env['GATEHOUSE_SESSION_SECRET'] = previous;
  });

  it('comes from GATEHOUSE_SESSION_SECRET when the config has none', () => {
    process.env['GATEHOUSE_SESSION_SECRET'] = 'k'.repeat(40);
    const a = GatewayRuntime.start(config, pino({ level: 'silent' }));
    const b = GatewayRuntime.start(config, pino({ level: 'silent' }));
    runtimes.push(a, b);
    expect(b.current.sealer.open(a.current.sealer.seal(state))?.id).toBe('s1');
  });

  it('is random per node without it, so another node cannot open the session', () => {
    delete process.env['GATEHOUSE_SESSION_SECRET'];
    const a = GatewayRuntime.start(config, pino({ level: 'silent' }));
    const b = GatewayRuntime.start(config, pino({ level: 'silent' }));
    runtimes.push(a, b);
    expect(b.current.sealer.open(a.current.sealer.seal(state))).toBeUndefined();
  });
});
