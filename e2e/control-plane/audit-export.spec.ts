import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AuditExport, AuditStats } from '@gatehouse/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
/* eslint-disable @nx/enforce-module-boundaries -- the gateway's audit emitter and sink, driven in process */
import { AuditEmitter } from '../../apps/gateway/src/audit/audit-emitter.js';
import { RedisStreamAuditSink } from '../../apps/gateway/src/audit/redis-stream-audit-sink.js';
/* eslint-enable @nx/enforce-module-boundaries */
import { AuditStack } from '../support/audit-stack.js';
import { delay } from '../support/deadline.js';
import { pollUntil } from '../support/poll.js';
import { REPO_ROOT } from '../support/repo-root.js';
import { runTsEntry } from '../support/run-command.js';

const EVENTS = 100_000;
const TSCONFIG = join(REPO_ROOT, 'apps/control-plane/tsconfig.json');

function rssMiB(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => {
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  });
}

// An auditor's export over real parts: 100 000 events through the gateway's sink, the
// stream and the control plane's ingest; the export job (BullMQ) streams them to a file with
// a signed manifest while the test watches the control plane's resident memory; the file is
// compared with the query and verified offline by the CLI, then tampered with.
describe('audit export of 100 000 events', () => {
  let stack: AuditStack;
  let sink: RedisStreamAuditSink;

  beforeAll(async () => {
    stack = await AuditStack.start({ AUDIT_BATCH_SIZE: '2000' });
  });
  afterAll(async () => {
    await sink?.close().catch(() => undefined);
    await stack?.stop();
  });

  it(
    'streams a file that matches the query, with a manifest that verifies offline',
    { timeout: 900_000 },
    async () => {
      sink = await RedisStreamAuditSink.start({
        redisUrl: stack.redis.url,
        prefix: stack.prefix,
        spoolDir: join(stack.dir, 'spool'),
        spoolMaxBytes: 256 * 1024 * 1024,
        fullPolicy: 'drop',
        streamMaxLen: 1_000_000,
        logger: pino({ level: 'warn' }),
      });
      const emitter = new AuditEmitter(sink, 'node-export');
      const cpPid = stack.required(stack.controlPlane, 'control plane').process.pid ?? 0;
      const rssBeforeIngest = await rssMiB(cpPid);
      const from = new Date(Date.now() - 60_000).toISOString();
      const started = performance.now();
      for (let index = 0; index < EVENTS; index += 1) {
        emitter.toolCall({
          identity: {
            tenantId: index % 10 === 0 ? 'other' : 'acme',
            clientId: `c${index % 13}`,
            userId: null,
          },
          tool: `tool_${index % 5}`,
          arguments: { query: `q${index}`, limit: index % 100 },
          status: index % 40 === 0 ? 'error' : index % 77 === 0 ? 'refused' : 'ok',
          latencyMs: index % 250,
        });
        if (index % 2_000 === 1_999) await sink.flush();
      }
      await sink.flush();
      const db = stack.required(stack.db, 'db');
      await pollUntil(async () => ((await db.auditEvent.count()) >= EVENTS ? true : undefined), {
        what: `${EVENTS} events stored`,
        timeoutMs: 300_000,
        intervalMs: 1_000,
      });
      console.log(
        `[audit export] ${EVENTS} events emitted, streamed and stored in ${Math.round(performance.now() - started)} ms; control-plane RSS ${rssBeforeIngest.toFixed(0)} MiB before ingest, ${(await rssMiB(cpPid)).toFixed(0)} MiB after`,
      );
      const to = new Date(Date.now() + 60_000).toISOString();
      const query = { format: 'jsonl', from, to, tenant: 'acme', kind: 'tool_call' } as const;
      const expectedIds = (
        await db.auditEvent.findMany({
          where: {
            tenantId: 'acme',
            kind: 'tool_call',
            occurredAt: { gte: new Date(from), lt: new Date(to) },
          },
          select: { eventId: true },
          orderBy: { id: 'asc' },
        })
      ).map((row) => row.eventId);

      const pid = stack.required(stack.controlPlane, 'control plane').process.pid ?? 0;
      const baseline = await rssMiB(pid);
      const samples: number[] = [];
      const created = await stack.api<AuditExport>('POST', '/api/v1/audit/exports', query);
      expect(created.status).toBe(202);
      const progress: string[] = [];
      const done = await pollUntil(
        async () => {
          samples.push(await rssMiB(pid));
          const polled = await stack.api<AuditExport>(
            'GET',
            `/api/v1/audit/exports/${created.body.id}`,
          );
          const last = progress.at(-1);
          const line = `${polled.body.status} ${Math.round(polled.body.progress * 100)}%`;
          if (line !== last) progress.push(line);
          if (polled.body.status === 'failed')
            throw new Error(`export failed: ${polled.body.error}`);
          return polled.body.status === 'done' ? polled.body : undefined;
        },
        { what: 'the export to finish', timeoutMs: 300_000, intervalMs: 100 },
      );
      const peak = Math.max(...samples);
      console.log(`[audit export] progress seen: ${progress.join(' → ')}`);
      console.log(
        `[audit export] control-plane RSS: before ${baseline.toFixed(1)} MiB, peak during export ${peak.toFixed(1)} MiB (+${(peak - baseline).toFixed(1)} MiB), samples ${samples.length}: ${samples.map((value) => value.toFixed(0)).join(' ')}`,
      );

      const base = stack.required(stack.controlPlane, 'control plane').baseUrl;
      const file = join(stack.dir, 'download.jsonl');
      const manifestFile = join(stack.dir, 'download.manifest.json');
      const response = await fetch(`${base}/api/v1/audit/exports/${done.id}/download`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      });
      expect(response.status).toBe(200);
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        createWriteStream(file),
      );
      const manifest = await stack.api<unknown>(
        'GET',
        `/api/v1/audit/exports/${done.id}/download?part=manifest`,
      );
      await writeFile(manifestFile, JSON.stringify(manifest.body));
      const jwks = await stack.api<unknown>('GET', '/api/v1/signing-keys');
      const keysFile = join(stack.dir, 'keys.json');
      await writeFile(keysFile, JSON.stringify(jwks.body));

      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      const fileIds = lines.map((line) => (JSON.parse(line) as { eventId: string }).eventId);
      const leaked = lines.some((line) => line.includes('"q1"') || line.includes('q12345'));
      console.log(
        `[audit export] file: ${lines.length} rows; query: ${expectedIds.length} rows; same ids in the same order: ${JSON.stringify(fileIds) === JSON.stringify(expectedIds)}; argument values in the file: ${leaked}`,
      );
      expect(fileIds).toEqual(expectedIds);
      expect(done.rowCount).toBe(expectedIds.length);
      expect(leaked).toBe(false);

      const verify = (manifestPath: string, exportPath: string) =>
        runTsEntry(
          'apps/control-plane/src/cli/verify-audit-export.ts',
          ['--file', exportPath, '--manifest', manifestPath, '--keys', keysFile],
          { tsconfig: TSCONFIG },
        );
      const good = await verify(manifestFile, file);
      console.log(
        `[audit export] offline verify of the download → exit ${good.code}: ${good.stderr.trim()}`,
      );
      expect(good.code).toBe(0);

      const tamperedFile = join(stack.dir, 'tampered.jsonl');
      await writeFile(
        tamperedFile,
        (await readFile(file, 'utf8')).replace('"status":"ok"', '"status":"error"'),
      );
      const bad = await verify(manifestFile, tamperedFile);
      console.log(
        `[audit export] offline verify of a tampered file → exit ${bad.code}: ${bad.stderr.trim()}`,
      );
      expect(bad.code).toBe(1);

      const forgedManifest = join(stack.dir, 'forged.manifest.json');
      const signed = manifest.body as { manifest: { rowCount: number } };
      signed.manifest.rowCount += 1;
      await writeFile(forgedManifest, JSON.stringify(signed));
      const forged = await verify(forgedManifest, file);
      console.log(
        `[audit export] offline verify with an edited manifest → exit ${forged.code}: ${forged.stderr.trim()}`,
      );
      expect(forged.code).toBe(1);
    },
  );

  it('lets auditors export and refuses other roles; stats per minute', async () => {
    const auditor = await stack.insertAdminToken('auditor-e2e', 'auditor');
    const viewer = await stack.insertAdminToken('viewer-e2e', 'viewer');
    const body = {
      format: 'csv',
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      tenant: 'other',
      status: 'error',
    };
    const refused = await stack.api<unknown>('POST', '/api/v1/audit/exports', body, viewer);
    const refusedSearch = await stack.api<unknown>(
      'GET',
      '/api/v1/audit/events',
      undefined,
      viewer,
    );
    const created = await stack.api<AuditExport>('POST', '/api/v1/audit/exports', body, auditor);
    const done = await pollUntil(
      async () => {
        const polled = await stack.api<AuditExport>(
          'GET',
          `/api/v1/audit/exports/${created.body.id}`,
          undefined,
          auditor,
        );
        return polled.body.status === 'done' ? polled.body : undefined;
      },
      { what: 'the CSV export', timeoutMs: 60_000, intervalMs: 200 },
    );
    const expected = await stack.required(stack.db, 'db').auditEvent.count({
      where: {
        tenantId: 'other',
        outcome: 'error',
        occurredAt: { gte: new Date(body.from), lt: new Date(body.to) },
      },
    });
    const stats = await stack.api<AuditStats>(
      'GET',
      '/api/v1/audit/stats?minutes=30',
      undefined,
      auditor,
    );
    const totals = stats.body.buckets.reduce(
      (sum, bucket) => ({
        calls: sum.calls + bucket.calls,
        errors: sum.errors + bucket.errors,
        refused: sum.refused + bucket.refused,
      }),
      { calls: 0, errors: 0, refused: 0 },
    );
    console.log(
      `[audit roles] viewer: export ${refused.status}, search ${refusedSearch.status}; auditor: export ${created.status} → ${done.rowCount} CSV rows (query: ${expected})`,
    );
    console.log(`[audit stats] last 30 minutes: ${JSON.stringify(totals)}`);
    expect(refused.status).toBe(403);
    expect(refusedSearch.status).toBe(403);
    expect(done.rowCount).toBe(expected);
    expect(totals.calls).toBe(EVENTS);
    await delay(0);
  });
});
