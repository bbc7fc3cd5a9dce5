import { join } from 'node:path';
import type { AuditEvent, AuditVerifyReport } from '@gatehouse/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
/* eslint-disable @nx/enforce-module-boundaries -- the gateway's audit emitter and sink, driven in process */
import { AuditEmitter } from '../../apps/gateway/src/audit/audit-emitter.js';
import type { AuditSink } from '../../apps/gateway/src/audit/audit-sink.js';
import { RedisStreamAuditSink } from '../../apps/gateway/src/audit/redis-stream-audit-sink.js';
/* eslint-enable @nx/enforce-module-boundaries */
import { AuditStack } from '../support/audit-stack.js';
import { delay } from '../support/deadline.js';
import { pollUntil } from '../support/poll.js';
import { REPO_ROOT } from '../support/repo-root.js';
import { runTsEntry } from '../support/run-command.js';

const CALLS = 10_000;
const TENANTS = ['tenant-alpha', 'tenant-beta', 'tenant-gamma'];
const SECRET = 'sk-live-Q3xv9TzP2mK8wR5nL1bY7cD4';

/** Records every event id a node emitted, then hands the event on to the real sink. */
class RecordingSink implements AuditSink {
  constructor(
    readonly inner: RedisStreamAuditSink,
    private readonly ids: Set<string>,
  ) {}
  emit(event: AuditEvent): boolean {
    const taken = this.inner.emit(event);
    if (taken) this.ids.add(event.eventId);
    return taken;
  }
  accepting(): boolean {
    return this.inner.accepting();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

// The audit pipeline over real parts: the gateway's audit emitter and Redis stream sink (two
// node instances in this process, each with its own spool), a Redis of the spec's own that it
// stops and starts, a real control plane (stream consumer group → Postgres, hash chains) that
// it also crashes once. The gateway's call path hook is exercised elsewhere; here the
// emitter is driven directly, CALLS times.
describe('audit pipeline: 10 000 calls, Redis outage, node restart, control-plane crash', () => {
  let stack: AuditStack;
  const emitted = new Set<string>();
  const logger = pino({ level: 'warn' });

  const startNode = async (name: string): Promise<AuditEmitter> => {
    const sink = await RedisStreamAuditSink.start({
      redisUrl: stack.redis.url,
      prefix: stack.prefix,
      spoolDir: join(stack.dir, `spool-${name}`),
      spoolMaxBytes: 64 * 1024 * 1024,
      fullPolicy: 'refuse',
      streamMaxLen: 1_000_000,
      logger,
      retryMs: 250,
    });
    sinks.set(name, sink);
    return new AuditEmitter(new RecordingSink(sink, emitted), name);
  };
  const sinks = new Map<string, RedisStreamAuditSink>();

  beforeAll(async () => {
    stack = await AuditStack.start();
  });

  afterAll(async () => {
    for (const sink of sinks.values()) await sink.close().catch(() => undefined);
    await stack?.stop();
  });

  it('stores exactly every call once, in verifiable chains', async () => {
    const nodes = [await startNode('node-a'), await startNode('node-b')];
    const timeline: string[] = [];
    let refused = 0;
    for (let index = 0; index < CALLS; index += 1) {
      if (index === 3_000) {
        await stack.redis.down();
        timeline.push(`call ${index}: Redis stopped`);
      }
      if (index === 4_500) {
        await sinks.get('node-b')?.close();
        nodes[1] = await startNode('node-b');
        timeline.push(`call ${index}: node-b restarted (its spool kept)`);
      }
      if (index === 6_000) {
        await stack.redis.up();
        timeline.push(`call ${index}: Redis started again`);
      }
      if (index === 8_000) {
        await stack.crashControlPlane();
        timeline.push(`call ${index}: control plane killed (SIGKILL) mid-ingest`);
        await stack.startControlPlane();
        timeline.push(`control plane restarted (pending entries re-claimed with XAUTOCLAIM)`);
      }
      const node = nodes[index % 2];
      const taken = node?.toolCall({
        identity: {
          tenantId: TENANTS[index % TENANTS.length] ?? null,
          clientId: `client-${index % 7}`,
          userId: index % 5 === 0 ? `user-${index % 11}` : null,
        },
        tool: `tool_${index % 4}`,
        toolVersion: 'v1',
        arguments:
          index % 100 === 0 ? { query: 'hello', api_key: SECRET } : { query: 'hello', n: index },
        status: index % 50 === 0 ? 'error' : 'ok',
        errorCode: index % 50 === 0 ? '-32000' : null,
        latencyMs: (index % 97) + 0.5,
        traceId: index.toString(16).padStart(32, '0'),
      });
      if (taken !== true) refused += 1;
      if (index % 250 === 249) await delay(5);
    }
    const outage = sinks.get('node-a')?.stats();
    for (const sink of sinks.values()) await sink.flush();
    const db = stack.required(stack.db, 'db');
    const counted = await pollUntil(
      async () => {
        const [row] = await db.$queryRaw<{ total: bigint; distinct_ids: bigint }[]>`
          SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_ids FROM audit_events WHERE kind = 'tool_call'`;
        return row && Number(row.total) >= emitted.size ? row : undefined;
      },
      { what: `${emitted.size} events in Postgres`, timeoutMs: 180_000, intervalMs: 500 },
    );
    await delay(3_000); // anything still arriving would be a duplicate: give it the chance
    const [final] = await db.$queryRaw<{ total: bigint; distinct_ids: bigint }[]>`
      SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_ids FROM audit_events WHERE kind = 'tool_call'`;
    const storedIds = new Set(
      (await db.auditEvent.findMany({ select: { eventId: true } })).map((row) => row.eventId),
    );
    const missing = [...emitted].filter((id) => !storedIds.has(id)).length;
    const verify = await stack.api<AuditVerifyReport>('GET', '/api/v1/audit/verify');
    const leaks = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM audit_events WHERE event::text LIKE ${'%' + SECRET.slice(8, 20) + '%'} OR details::text LIKE ${'%' + SECRET.slice(8, 20) + '%'}`;

    console.log(`[audit pipeline] timeline:\n  ${timeline.join('\n  ')}`);
    for (const [name, sink] of sinks)
      console.log(`[audit pipeline] ${name} sink stats: ${JSON.stringify(sink.stats())}`);
    console.log(`[audit pipeline] node-a during the outage: ${JSON.stringify(outage)}`);
    console.log(
      `[audit pipeline] emitted ${emitted.size}, refused ${refused}; in Postgres: ${counted.total} → ${final?.total} rows, ${final?.distinct_ids} distinct event ids, missing ${missing}`,
    );
    console.log(
      `[audit pipeline] chain verification: ${verify.body.chains.map((chain) => `${chain.chain} ${chain.ok ? 'OK' : 'BROKEN'} (${chain.checked} links)`).join(', ')}`,
    );
    console.log(`[audit pipeline] rows containing the secret argument value: ${leaks[0]?.n}`);

    expect(refused).toBe(0);
    expect(emitted.size).toBe(CALLS);
    expect(Number(final?.total)).toBe(CALLS);
    expect(Number(final?.distinct_ids)).toBe(CALLS);
    expect(missing).toBe(0);
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    expect(Number(leaks[0]?.n)).toBe(0);
  });

  it('names the first break after an edit, a deletion and a reordering', async () => {
    const db = stack.required(stack.db, 'db');
    const [alpha, beta, gamma] = TENANTS as [string, string, string];
    // Edit: the hashed event's latency of alpha's link 100.
    await db.$executeRaw`UPDATE audit_events SET event = jsonb_set(event, '{result,latencyMs}', '999') WHERE chain = ${alpha} AND chain_seq = 100`;
    // Delete: beta's link 200.
    await db.$executeRaw`DELETE FROM audit_events WHERE chain = ${beta} AND chain_seq = 200`;
    // Reorder: swap gamma's links 300 and 301.
    await db.$executeRaw`UPDATE audit_events SET chain_seq = -1 WHERE chain = ${gamma} AND chain_seq = 300`;
    await db.$executeRaw`UPDATE audit_events SET chain_seq = 300 WHERE chain = ${gamma} AND chain_seq = 301`;
    await db.$executeRaw`UPDATE audit_events SET chain_seq = 301 WHERE chain = ${gamma} AND chain_seq = -1`;
    const report = await stack.api<AuditVerifyReport>('GET', '/api/v1/audit/verify');
    const byChain = new Map(report.body.chains.map((chain) => [chain.chain, chain]));
    for (const chain of report.body.chains)
      console.log(
        `[audit tamper] API verify ${chain.chain}: ${chain.firstBreak ? `${chain.firstBreak.reason} at ${chain.firstBreak.seq}: ${chain.firstBreak.message}` : 'OK'}`,
      );
    expect(report.body.ok).toBe(false);
    expect(byChain.get(alpha)?.firstBreak).toMatchObject({ seq: '100', reason: 'edited' });
    expect(byChain.get(beta)?.firstBreak).toMatchObject({ seq: '200', reason: 'deleted' });
    expect(byChain.get(gamma)?.firstBreak).toMatchObject({ seq: '300', reason: 'reordered' });

    const cli = await runTsEntry(
      'apps/control-plane/src/cli/verify-audit-chain.ts',
      ['--tenant', alpha],
      {
        env: stack.required(stack.env, 'env'),
        tsconfig: join(REPO_ROOT, 'apps/control-plane/tsconfig.json'),
      },
    );
    console.log(
      `[audit tamper] CLI verify-audit-chain --tenant ${alpha} → exit ${cli.code}: ${cli.stderr.trim()}`,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('first break at link 100 (edited)');

    // A searchable column edited alone (the hashed event intact) is an edit too: beta's
    // link 100 comes before its deletion at 200, so it becomes the first break.
    await db.$executeRaw`UPDATE audit_events SET client_id = 'someone-else' WHERE chain = ${beta} AND chain_seq = 100`;
    const column = await stack.api<AuditVerifyReport>('GET', `/api/v1/audit/verify?tenant=${beta}`);
    console.log(
      `[audit tamper] ${beta} after editing link 100's client_id column: ${JSON.stringify(column.body.chains[0]?.firstBreak)}`,
    );
    expect(column.body.chains[0]?.firstBreak).toMatchObject({ seq: '100', reason: 'edited' });
  });
});
