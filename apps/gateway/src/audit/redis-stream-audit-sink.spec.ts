import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEmitter } from './audit-emitter.js';
import { RedisStreamAuditSink } from './redis-stream-audit-sink.js';
import type { SpoolFullPolicy } from './redis-stream-audit-sink.js';

// Redis is unreachable here (nothing listens on port 1): every batch goes to the spool.
describe('RedisStreamAuditSink with Redis unreachable', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const sinkWith = async (policy: SpoolFullPolicy) => {
    const dir = await mkdtemp(join(tmpdir(), 'sink-'));
    dirs.push(dir);
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const sink = await RedisStreamAuditSink.start({
      redisUrl: 'redis://127.0.0.1:1',
      prefix: 'test:',
      spoolDir: dir,
      spoolMaxBytes: 8 * 1024,
      fullPolicy: policy,
      streamMaxLen: 1_000,
      logger,
      retryMs: 60_000,
    });
    return { sink, lines, emitter: new AuditEmitter(sink, 'node-test') };
  };

  const call = (emitter: AuditEmitter, n: number): boolean =>
    emitter.toolCall({
      identity: { tenantId: 't', clientId: 'c', userId: null },
      tool: 'echo',
      arguments: { n },
      status: 'ok',
      latencyMs: 1,
    });

  it('refuses new calls once the spool is full, loudly', async () => {
    const { sink, lines, emitter } = await sinkWith('refuse');
    let refusedAt = -1;
    for (let n = 0; n < 500 && refusedAt < 0; n += 1) {
      if (!call(emitter, n)) refusedAt = n;
      await sink.flush();
    }
    const stats = sink.stats();
    expect(refusedAt).toBeGreaterThan(0);
    expect(emitter.accepting()).toBe(false);
    expect(stats.spoolFull).toBe(true);
    expect(stats.spoolBytes).toBeLessThanOrEqual(8 * 1024);
    expect(lines.some((line) => line.includes('AUDIT SPOOL FULL'))).toBe(true);
    await sink.close();
  });

  it('drops and counts under the drop policy', async () => {
    const { sink, emitter } = await sinkWith('drop');
    for (let n = 0; n < 200; n += 1) {
      expect(call(emitter, n)).toBe(true);
      await sink.flush();
    }
    const stats = sink.stats();
    expect(stats.spooled + stats.dropped).toBe(200);
    expect(stats.dropped).toBeGreaterThan(0);
    await sink.close();
  });
});
