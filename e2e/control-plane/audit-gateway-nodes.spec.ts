import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
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
import { RecordingUpstream } from '../support/recording-upstream.js';
import { REPO_ROOT } from '../support/repo-root.js';

const CALLS = 10_000;

async function statOrZero(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** The node's spool on disk: the active file and the one set aside for a replay. */
async function spoolBytes(stateDir: string): Promise<number> {
  const dir = join(stateDir, 'audit-spool');
  return (
    (await statOrZero(join(dir, 'audit-spool.jsonl'))) +
    (await statOrZero(join(dir, 'audit-spool.replaying.jsonl')))
  );
}
const IN_FLIGHT = 16;

interface Node {
  readonly name: string;
  readonly port: number;
  readonly stateDir: string;
  process: ManagedProcess | undefined;
  session: Record<string, string>;
}

// The must-show over real gateway processes: 10 000 MCP tools/call requests through two
// gateway nodes (file mode, audit to the stack's own Redis), that Redis stopped from call
// 3 000 to 6 000, node-b restarted (SIGTERM, same state dir: its spool) at call 4 500.
describe('audit through two real gateway nodes: 10 000 calls, Redis outage, node restart', () => {
  let stack: AuditStack;
  let upstream: RecordingUpstream;
  let dir = '';
  let configPath = '';
  const nodes: Node[] = [];

  const start = async (node: Node): Promise<void> => {
    node.process = ManagedProcess.start({
      name: node.name,
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        'apps/gateway/src/main.ts',
        'gateway',
        '--config',
        configPath,
        '--allow-unsigned',
        '--port',
        String(node.port),
      ],
      cwd: REPO_ROOT,
      env: {
        GATEHOUSE_AUDIT_REDIS_URL: stack.redis.url,
        GATEHOUSE_AUDIT_REDIS_PREFIX: stack.prefix,
        GATEHOUSE_STATE_DIR: node.stateDir,
      },
    });
    await node.process.waitForHttpOk(`http://127.0.0.1:${node.port}/readyz`, 60_000);
    node.session = await openMcpSession(`http://127.0.0.1:${node.port}/mcp`);
  };

  beforeAll(async () => {
    stack = await AuditStack.start();
    upstream = await RecordingUpstream.start();
    dir = await mkdtemp(join(tmpdir(), 'gh-nodes-'));
    configPath = join(dir, 'gateway.yaml');
    await writeFile(
      configPath,
      stringify({
        listen: { host: '127.0.0.1', port: 0 },
        auth: { anonymous: { tenant: 'acme' } },
        upstreams: [
          { name: 'rec', namespace: '', transport: { type: 'streamable-http', url: upstream.url } },
        ],
      }),
    );
    for (const name of ['node-a', 'node-b']) {
      const node: Node = {
        name,
        port: await findFreePort(),
        stateDir: join(dir, name),
        process: undefined,
        session: {},
      };
      await mkdir(node.stateDir, { recursive: true });
      await start(node);
      nodes.push(node);
    }
  }, 180_000);

  afterAll(async () => {
    for (const node of nodes) await node.process?.stop();
    await stack?.stop();
    await upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'stores exactly one event per call, and the chain verifies',
    { timeout: 900_000 },
    async () => {
      const [a, b] = nodes as [Node, Node];
      const statuses = new Map<string, number>();
      const timeline: string[] = [];
      let bDown = false;
      let next = 0;
      const started = performance.now();
      const worker = async (end: number): Promise<void> => {
        for (;;) {
          const index = next;
          if (index >= end) return;
          next += 1;
          const node = bDown || index % 2 === 0 ? a : b;
          const reply = await mcpRpc(
            `http://127.0.0.1:${node.port}/mcp`,
            {
              jsonrpc: '2.0',
              id: index + 1,
              method: 'tools/call',
              params: {
                name: 'echo',
                arguments: { n: index, token: 'ghp_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1Ll2' },
              },
            },
            node.session,
          );
          const ok =
            reply.status === 200 &&
            typeof reply.body === 'object' &&
            reply.body !== null &&
            'result' in reply.body;
          const key = ok ? 'ok' : `http ${reply.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }
      };
      /** Calls up to `end` (exclusive), IN_FLIGHT at a time. */
      const callUntil = (end: number) =>
        Promise.all(Array.from({ length: IN_FLIGHT }, () => worker(end)));
      await callUntil(3_000);
      await stack.redis.down();
      timeline.push(`after call ${next}: Redis stopped`);
      await callUntil(4_500);
      bDown = true;
      await b.process?.stop();
      timeline.push(
        `after call ${next}: node-b stopped (SIGTERM: its queued audit events go to its spool)`,
      );
      const spoolA = await spoolBytes(a.stateDir);
      const spoolB = await spoolBytes(b.stateDir);
      timeline.push(`spool files: node-a ${spoolA} bytes, node-b ${spoolB} bytes`);
      await callUntil(5_000);
      await start(b);
      bDown = false;
      timeline.push(`after call ${next}: node-b started again on the same state dir`);
      await callUntil(6_000);
      await stack.redis.up();
      timeline.push(`after call ${next}: Redis started again`);
      await callUntil(CALLS);
      const callMs = performance.now() - started;
      const db = stack.required(stack.db, 'db');
      const count = async () => {
        const [row] = await db.$queryRaw<{ total: bigint; distinct_ids: bigint }[]>`
        SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_ids FROM audit_events WHERE action = 'tools/call'`;
        return { total: Number(row?.total ?? 0), distinct: Number(row?.distinct_ids ?? 0) };
      };
      await pollUntil(async () => ((await count()).total >= CALLS ? true : undefined), {
        what: `${CALLS} call events in Postgres`,
        timeoutMs: 300_000,
        intervalMs: 500,
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const final = await count();
      const verify = await stack.api<AuditVerifyReport>('GET', '/api/v1/audit/verify');
      const leaks = await db.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM audit_events WHERE event::text LIKE '%Aa1Bb2%'`;
      console.log(`[audit nodes] timeline:\n  ${timeline.join('\n  ')}`);
      console.log(
        `[audit nodes] ${CALLS} calls in ${Math.round(callMs)} ms; replies: ${JSON.stringify(Object.fromEntries(statuses))}; upstream saw ${upstream.calls.length}`,
      );
      console.log(
        `[audit nodes] in Postgres: ${final.total} call events, ${final.distinct} distinct event ids`,
      );
      console.log(
        `[audit nodes] chains: ${verify.body.chains.map((chain) => `${chain.chain} ${chain.ok ? 'OK' : `BROKEN ${JSON.stringify(chain.firstBreak)}`} (${chain.checked} links)`).join(', ')}`,
      );
      console.log(`[audit nodes] rows containing the token argument: ${leaks[0]?.n}`);
      expect(statuses.get('ok')).toBe(CALLS);
      expect(final.total).toBe(CALLS);
      expect(final.distinct).toBe(CALLS);
      expect(verify.body.ok).toBe(true);
      expect(Number(leaks[0]?.n)).toBe(0);
    },
  );
});
