// Flood bench: a gateway node with a concurrency cap in front of the `slow` tool of our test
// server and a wait queue of FLOOD_CALLS places; that many calls are queued at once, and the
// node's RSS is printed before, while they wait, and after they drained.
//
// The calls arrive as JSON-RPC batches (protocol 2025-03-26, FLOOD_BATCH calls per POST): 20 000
// calls on 20 000 sockets would pass this machine's open-file limit (20 000) on each side. So the
// figure is the cost of a queued call inside the gateway (governor, relay, promise chain, deadline
// timer), not of one TCP connection per call.
//
//   npm run bench:flood            FLOOD_CALLS=20000 FLOOD_BATCH=100 FLOOD_CAP=50
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { freePorts } from './free-port.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TOOLS_SERVER = join(REPO_ROOT, 'apps/gateway/test/fixtures/tools-server.ts');
const GATEWAY_ENTRY = join(REPO_ROOT, 'apps/gateway/src/main.ts');

const CALLS = Number(process.env.FLOOD_CALLS ?? 20_000);
const BATCH = Number(process.env.FLOOD_BATCH ?? 100);
const CAP = Number(process.env.FLOOD_CAP ?? 50);
const ROUNDS = Number(process.env.FLOOD_ROUNDS ?? 3);
/** Caps the gateway's V8 old space (MB): a leak then shows as a crash, not as lazy heap growth. */
const HEAP_MB = process.env.FLOOD_HEAP_MB;
const PROTOCOL = '2025-03-26';

interface Started {
  child: ChildProcess;
  stop(): Promise<void>;
}

function startChild(args: string[], what: string): Started {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`${what} exited with code ${String(code)}`);
  });
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function startToolsServer(): Promise<Started & { url: string }> {
  const started = startChild(['--import', 'tsx', TOOLS_SERVER], 'tools server');
  const lines = createInterface({ input: started.child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const parsed = JSON.parse(line) as { url?: string };
    if (parsed.url !== undefined) return { ...started, url: parsed.url };
  }
  throw new Error('the tools server exited before it printed its URL');
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function queueDepth(origin: string): Promise<number> {
  const response = await request(`${origin}/metrics`);
  const text = await response.body.text();
  return Number(/concurrency_queue_depth\{tool="tools__slow"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-flood-'));
  const tools = await startToolsServer();
  const [port = 0] = await freePorts(1);
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/mcp`;
  await writeFile(
    join(dir, 'gateway.yaml'),
    stringify({
      listen: { host: '127.0.0.1', port },
      sessions: { secret: '0123456789abcdef0123456789abcdef-flood' },
      limits: { maxBatchSize: BATCH, maxBodyBytes: 16 * 1024 * 1024, shutdownGraceMs: 1_000 },
      upstreams: [
        {
          name: 'tools',
          transport: { type: 'streamable-http', url: tools.url },
          timeoutMs: 600_000,
        },
      ],
      auth: { anonymous: { tenant: 'flood' } },
      tenants: [{ id: 'flood', name: 'Flood' }],
      tools: [
        {
          upstream: 'tools',
          name: 'slow',
          limits: { maxConcurrency: CAP, maxQueueDepth: CALLS, timeoutMs: 600_000 },
        },
      ],
    }),
    'utf8',
  );
  const gateway = startChild(
    [
      ...(HEAP_MB === undefined ? [] : [`--max-old-space-size=${HEAP_MB}`]),
      '--import',
      'tsx',
      GATEWAY_ENTRY,
      'gateway',
      '--config',
      join(dir, 'gateway.yaml'),
      '--allow-unsigned',
      '--log-level',
      'error',
    ],
    'gateway',
  );
  gateway.child.stdout?.resume();
  const pid = gateway.child.pid ?? 0;
  const connections = Math.ceil(CALLS / BATCH) + CAP + 16;
  const agent = new Agent({ connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  try {
    await waitFor(
      'the gateway to be ready',
      async () => {
        const response = await request(`${origin}/readyz`, { dispatcher: agent });
        await response.body.dump();
        return response.statusCode === 200;
      },
      60_000,
    );
    const post = async (
      body: unknown,
      sessionId?: string,
      signal?: AbortSignal,
    ): Promise<{ headers: Record<string, unknown>; text: string }> => {
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(sessionId === undefined
            ? {}
            : { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL }),
        },
        body: JSON.stringify(body),
        ...(signal === undefined ? {} : { signal }),
      });
      return { headers: response.headers, text: await response.body.text() };
    };
    const init = await post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL,
        capabilities: {},
        clientInfo: { name: 'flood', version: '1' },
      },
    });
    const sessionId = String(init.headers['mcp-session-id']);
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId);
    // Warm up the path, then let the heap settle.
    for (let index = 0; index < 200; index += 1)
      await post(
        {
          jsonrpc: '2.0',
          id: `w${index}`,
          method: 'tools/call',
          params: { name: 'tools__slow', arguments: { ms: 0 } },
        },
        sessionId,
      );
    await sleep(2_000);
    const before = await rssMb(pid);

    const floodRound = async (
      round: number,
    ): Promise<{
      depth: number;
      queuedAfterMs: number;
      drainMs: number;
      ok: number;
      failed: number;
      errors: string[];
      during: number;
      peak: number;
      after: number;
    }> => {
      // CAP long calls hold every slot; everything after them waits in the queue.
      const holders = Array.from({ length: CAP }, (_, index) => {
        const controller = new AbortController();
        const done = post(
          {
            jsonrpc: '2.0',
            id: `r${round}h${index}`,
            method: 'tools/call',
            params: { name: 'tools__slow', arguments: { ms: 600_000 } },
          },
          sessionId,
          controller.signal,
        ).catch(() => undefined);
        return { controller, done };
      });
      await sleep(1_000);
      const floodStarted = Date.now();
      let id = 0;
      const batches = Array.from({ length: Math.ceil(CALLS / BATCH) }, () =>
        post(
          Array.from({ length: Math.min(BATCH, CALLS - id) }, () => {
            id += 1;
            return {
              jsonrpc: '2.0',
              id: `r${round}f${id}`,
              method: 'tools/call',
              params: { name: 'tools__slow', arguments: { ms: 0 } },
            };
          }),
          sessionId,
        ),
      );
      let peak = before;
      let depth = 0;
      await waitFor(
        `${CALLS} calls queued`,
        async () => {
          peak = Math.max(peak, await rssMb(pid));
          depth = await queueDepth(origin);
          return depth >= CALLS;
        },
        300_000,
      );
      const queuedAfterMs = Date.now() - floodStarted;
      await sleep(1_000);
      const during = await rssMb(pid);
      peak = Math.max(peak, during);

      const drainStarted = Date.now();
      for (const holder of holders) holder.controller.abort();
      const answers = await Promise.all(batches);
      const drainMs = Date.now() - drainStarted;
      await Promise.all(holders.map((holder) => holder.done));
      let ok = 0;
      let failed = 0;
      const errors = new Set<string>();
      for (const answer of answers) {
        for (const message of JSON.parse(answer.text) as {
          result?: unknown;
          error?: { message: string };
        }[]) {
          if (message.result !== undefined) ok += 1;
          else {
            failed += 1;
            if (message.error !== undefined) errors.add(message.error.message.slice(0, 160));
          }
        }
      }
      await sleep(3_000);
      const after = await rssMb(pid);
      return {
        depth,
        queuedAfterMs,
        drainMs,
        ok,
        failed,
        errors: [...errors].slice(0, 3),
        during,
        peak,
        after,
      };
    };
    const lines = [
      `flood bench, ${new Date().toISOString()} (node ${process.version}, gateway run from source with tsx)`,
      `  ${CALLS} calls in batches of ${BATCH}, concurrency cap ${CAP}, queue depth ${CALLS}, ${ROUNDS} rounds, old space ${HEAP_MB === undefined ? 'default' : `${HEAP_MB} MB`}`,
      `  gateway RSS before: ${before.toFixed(1)} MB`,
    ];
    console.log(lines.join('\n'));
    for (let round = 1; round <= ROUNDS; round += 1) {
      const figures = await floodRound(round);
      const perCallKb = ((figures.during - before) * 1024) / figures.depth;
      console.log(
        [
          `  round ${round}: ${figures.depth} queued after ${figures.queuedAfterMs} ms, drained in ${figures.drainMs} ms, ${figures.ok} answered, ${figures.failed} errors`,
          `    RSS during: ${figures.during.toFixed(1)} MB (peak ${figures.peak.toFixed(1)} MB) = ${(perCallKb / 1024).toFixed(4)} MB (${perCallKb.toFixed(1)} KB) per queued call over before`,
          `    RSS after:  ${figures.after.toFixed(1)} MB`,
        ].join('\n'),
      );
      for (const error of figures.errors) console.log(`    error seen: ${error}`);
      if (figures.ok !== CALLS) process.exitCode = 1;
    }
  } finally {
    await agent.close().catch(() => undefined);
    await gateway.stop();
    await tools.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
