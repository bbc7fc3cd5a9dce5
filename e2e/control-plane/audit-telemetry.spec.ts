import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditVerifyReport } from '@gatehouse/contracts';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStack } from '../support/audit-stack.js';
import { findFreePort } from '../support/free-port.js';
import { ManagedProcess } from '../support/managed-process.js';
import { mcpRpc, openMcpSession } from '../support/mcp-rpc.js';
import { pollUntil } from '../support/poll.js';
import { OtlpReceiver, RecordingUpstream } from '../support/recording-upstream.js';
import { REPO_ROOT } from '../support/repo-root.js';

const SECRET = 'sk-live-Zq8Xw2Vt5Rb9Nm3Kp7Lc1Hd6';
const TOKEN_SECRET = 'ghp_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1Ll2';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

// One traced call end to end, over real processes: client (this spec, sending a traceparent)
// → gateway node (file mode, OTLP to our receiver, audit to the stack's Redis, Prometheus on
// its own port) → a test upstream that records the traceparent it got; the control plane
// (also exporting spans) stores the audit event.
describe('telemetry of one call: spans, traceparent, metrics, no secrets', () => {
  let stack: AuditStack;
  let receiver: OtlpReceiver;
  let upstream: RecordingUpstream;
  let gateway: ManagedProcess | undefined;
  let dir = '';

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    upstream = await RecordingUpstream.start();
    stack = await AuditStack.start({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRICS_EXPORTER: 'none',
    });
    dir = await mkdtemp(join(tmpdir(), 'gh-telemetry-'));
  });

  afterAll(async () => {
    await gateway?.stop();
    await stack?.stop();
    await upstream?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shares one trace id across client, gateway and upstream; counts the call; leaks nothing', async () => {
    const port = await findFreePort();
    const metricsPort = await findFreePort();
    const configPath = join(dir, 'gateway.yaml');
    await writeFile(
      configPath,
      stringify({
        listen: { host: '127.0.0.1', port },
        auth: { anonymous: {} },
        upstreams: [
          { name: 'rec', namespace: '', transport: { type: 'streamable-http', url: upstream.url } },
        ],
      }),
    );
    gateway = ManagedProcess.start({
      name: 'gateway',
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        'apps/gateway/src/main.ts',
        'gateway',
        '--config',
        configPath,
        '--allow-unsigned',
        '--log-level',
        'debug',
      ],
      cwd: REPO_ROOT,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRICS_EXPORTER: 'none',
        GATEHOUSE_METRICS_PORT: String(metricsPort),
        GATEHOUSE_AUDIT_REDIS_URL: stack.redis.url,
        GATEHOUSE_AUDIT_REDIS_PREFIX: stack.prefix,
        GATEHOUSE_STATE_DIR: dir,
      },
    });
    const base = `http://127.0.0.1:${port}`;
    await gateway.waitForHttpOk(`${base}/readyz`, 60_000);
    const mcp = `${base}/mcp`;
    const session = await openMcpSession(mcp);
    const call = await mcpRpc(
      mcp,
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: {
          name: 'echo',
          arguments: { text: 'hello', password: SECRET, note: TOKEN_SECRET },
        },
      },
      { ...session, traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`, tracestate: 'vendor=spec' },
    );
    console.log(`[telemetry] tools/call → ${call.status} ${JSON.stringify(call.body)}`);
    expect(call.status).toBe(200);

    const spans = await pollUntil(
      async () => {
        const ours = receiver.spans.filter((span) => span.traceId === TRACE_ID);
        return ours.some((span) => span.name.startsWith('upstream')) &&
          ours.some((span) => span.name === 'mcp tools/call')
          ? ours
          : undefined;
      },
      { what: 'the call’s spans at the OTLP receiver', timeoutMs: 20_000, intervalMs: 100 },
    );
    const server = spans.find((span) => span.name === 'mcp tools/call');
    const client = spans.find((span) => span.name.startsWith('upstream'));
    const received = upstream.calls.at(-1)?.['traceparent'];
    console.log(`[telemetry] client traceparent: 00-${TRACE_ID}-${CLIENT_SPAN}-01`);
    for (const span of spans)
      console.log(
        `[telemetry] span "${span.name}" (${span.service}) trace ${span.traceId} span ${span.spanId} parent ${span.parentSpanId}`,
      );
    console.log(
      `[telemetry] upstream received traceparent: ${String(received)}, tracestate: ${String(upstream.calls.at(-1)?.['tracestate'])}`,
    );
    expect(server?.parentSpanId).toBe(CLIENT_SPAN);
    expect(client?.parentSpanId).toBe(server?.spanId);
    expect(received).toBe(`00-${TRACE_ID}-${client?.spanId}-01`);

    const db = stack.required(stack.db, 'db');
    const row = await pollUntil(
      async () => (await db.auditEvent.findFirst({ where: { traceId: TRACE_ID } })) ?? undefined,
      { what: 'the audit row of the call', timeoutMs: 20_000, intervalMs: 200 },
    );
    console.log(
      `[telemetry] audit row: kind ${row.kind}, tool ${row.toolName}, status ${row.outcome}, tenant ${row.tenantId}, trace ${row.traceId}, arguments ${JSON.stringify((row.details as { arguments?: unknown }).arguments)}`,
    );
    expect(row.toolName).toBe('echo');

    const api = await fetch(
      `${stack.required(stack.controlPlane, 'cp').baseUrl}/api/v1/audit/events?limit=1`,
      {
        headers: {
          authorization: `Bearer ${stack.adminToken}`,
          traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`,
        },
      },
    );
    expect(api.status).toBe(200);
    const cpSpan = await pollUntil(
      async () =>
        receiver.spans.find(
          (span) => span.traceId === TRACE_ID && span.service === 'gatehouse-control-plane',
        ),
      { what: 'the control plane span', timeoutMs: 20_000, intervalMs: 100 },
    );
    console.log(
      `[telemetry] control plane span "${cpSpan.name}" trace ${cpSpan.traceId} parent ${cpSpan.parentSpanId}`,
    );

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const lines = metrics
      .split('\n')
      .filter((line) => /^tool_(calls_total|latency_ms_count)/.test(line));
    console.log(`[telemetry] /metrics on port ${metricsPort}:\n  ${lines.join('\n  ')}`);
    expect(metrics).toMatch(/tool_calls_total\{[^}]*tool="echo"[^}]*status="ok"[^}]*\} 1/);
    expect(metrics).toMatch(/tool_calls_total\{[^}]*tenant="[^"]*"/);
    expect(metrics).toMatch(/tool_latency_ms_count\{tool="echo"\} 1/);

    const rows = await db.$queryRaw<
      { text: string }[]
    >`SELECT event::text || details::text AS text FROM audit_events`;
    const places = {
      'gateway logs': gateway.output,
      spans: receiver.bodies.join('\n'),
      'audit rows': rows.map((item) => item.text).join('\n'),
      'control-plane logs': stack.controlPlane?.process.output ?? '',
    };
    for (const [place, text] of Object.entries(places)) {
      const leaked =
        text.includes(SECRET) || text.includes(TOKEN_SECRET) || text.includes('Zq8Xw2');
      console.log(`[telemetry] secret argument in ${place} (${text.length} chars): ${leaked}`);
      expect(leaked).toBe(false);
    }
    const traced = gateway.output.split('\n').filter((line) => line.includes(TRACE_ID));
    console.log(
      `[telemetry] gateway log lines carrying the trace id: ${traced.length}${traced[0] ? ` e.g. ${traced[0].slice(0, 240)}` : ''}`,
    );
    expect(traced.length).toBeGreaterThan(0);
  });

  it("records admin changes as audit events in the tenant's chain", async () => {
    const created = await stack.api<{ id: string }>('POST', '/api/v1/tenants', {
      name: 'audited-tenant',
      displayName: 'Audited tenant',
    });
    expect(created.status).toBe(201);
    const page = await pollUntil(
      async () => {
        const found = await stack.api<{
          items: { action: string; tenantId: string | null; userId: string | null }[];
        }>('GET', '/api/v1/audit/events?kind=admin_change&tenant=audited-tenant');
        return found.body.items.length > 0 ? found.body : undefined;
      },
      { what: 'the admin_change event', timeoutMs: 10_000, intervalMs: 100 },
    );
    const verify = await stack.api<AuditVerifyReport>(
      'GET',
      '/api/v1/audit/verify?tenant=audited-tenant',
    );
    console.log(`[audit admin] ${JSON.stringify(page.items[0])}; chain ok: ${verify.body.ok}`);
    expect(page.items[0]).toMatchObject({ action: 'tenant.create', tenantId: 'audited-tenant' });
    expect(verify.body.ok).toBe(true);
  });
});
