import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioProcess } from './stdio-process.js';
import type { StdioExitInfo, StdioProcessOptions } from './stdio-process.js';

interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const WARN = 40;
const DEBUG = 20;

function captureLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) },
  );
  return { logger, records };
}

const started: StdioProcess[] = [];

afterEach(async () => {
  // Whatever a test did, no child may outlive it.
  await Promise.all(started.splice(0).map((p) => p.stop(1_000)));
});

function node(
  script: string,
  overrides: Partial<StdioProcessOptions> = {},
): { proc: StdioProcess; records: LogRecord[] } {
  const { logger, records } = captureLogger();
  const proc = new StdioProcess({
    name: 'test',
    command: process.execPath,
    args: ['-e', script],
    env: {},
    restart: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    stderrMaxBytes: 4_096,
    logger,
    ...overrides,
  });
  started.push(proc);
  return { proc, records };
}

function nextMessages(proc: StdioProcess, count: number): Promise<unknown[]> {
  return new Promise((resolve) => {
    const got: unknown[] = [];
    const onMessage = (message: unknown): void => {
      got.push(message);
      if (got.length === count) {
        proc.off('message', onMessage);
        resolve(got);
      }
    };
    proc.on('message', onMessage);
  });
}

function nextExits(proc: StdioProcess, count: number): Promise<StdioExitInfo[]> {
  return new Promise((resolve) => {
    const got: StdioExitInfo[] = [];
    const onExit = (info: StdioExitInfo): void => {
      got.push(info);
      if (got.length === count) {
        proc.off('exit', onExit);
        resolve(got);
      }
    };
    proc.on('exit', onExit);
  });
}

function nextSpawn(proc: StdioProcess): Promise<number> {
  return new Promise((resolve) => proc.once('spawn', resolve));
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed orphan may linger as a zombie if PID 1 does not reap; that is not alive.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const ECHO = 'process.stdin.pipe(process.stdout)';
const STAY_ALIVE = 'setInterval(() => {}, 1000);';

describe('StdioProcess', () => {
  it('round-trips JSON lines through an echoing child', async () => {
    const { proc } = node(ECHO);
    const spawned = nextSpawn(proc);
    proc.start();
    const pid = await spawned;
    expect(proc.state).toBe('running');
    expect(proc.pid).toBe(pid);

    const big = { jsonrpc: '2.0', id: 3, result: { blob: 'y'.repeat(1_000_000) } };
    const sent = [
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, params: { text: 'line1\nline2 ✓ \u2028 é' } },
      big,
    ];
    const received = nextMessages(proc, sent.length);
    for (const message of sent) expect(proc.send(message)).toBe(true);
    expect(await received).toEqual(sent);
  });

  it('drops non-JSON and oversized lines but keeps delivering valid ones', async () => {
    const script = `
      const w = (s) => process.stdout.write(s);
      w('server banner, not json\\n{"a":');
      setTimeout(() => {
        w('1}\\n\\n   \\nnot json {\\n' + 'x'.repeat(5000) + '\\n{"b":2}\\r\\n');
      }, 50);
      ${STAY_ALIVE}`;
    const { proc, records } = node(script, { maxLineBytes: 1024 });
    const received = nextMessages(proc, 2);
    proc.start();
    expect(await received).toEqual([{ a: 1 }, { b: 2 }]);
    expect(proc.state).toBe('running');
    expect(proc.restartCount).toBe(0);
    const warnings = records.filter((r) => r.level === WARN).map((r) => r.msg);
    expect(warnings.filter((m) => m.includes('non-JSON'))).toHaveLength(2);
    expect(warnings.filter((m) => m.includes('oversized'))).toHaveLength(1);
  });

  it('restarts a crashing child with growing delays and reports its stderr', async () => {
    const script = `process.stderr.write('boom from ' + process.pid + '\\n'); process.exit(3);`;
    const { proc, records } = node(script, {
      restart: { initialDelayMs: 20, maxDelayMs: 200, resetAfterMs: 60_000 },
    });
    const spawnTimes: number[] = [];
    const exitTimes: number[] = [];
    proc.on('spawn', () => spawnTimes.push(performance.now()));
    proc.on('exit', () => exitTimes.push(performance.now()));
    const exits = nextExits(proc, 6);
    proc.start();
    const infos = await exits;

    for (const info of infos) {
      expect(info).toMatchObject({ code: 3, signal: null, willRestart: true });
      expect(info.stderrTail).toMatch(/^boom from \d+\n$/);
      expect(info.delayMs).toBeLessThanOrEqual(200);
    }
    const delays = infos.map((info) => info.delayMs ?? 0);
    // Jitter only shaves up to 25%, so each delay beats the last until the 200 ms cap.
    expect(delays[0]).toBeGreaterThanOrEqual(15);
    expect(delays[0]).toBeLessThanOrEqual(20);
    for (let i = 1; i < 4; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? 0);
    expect(delays[5]).toBeGreaterThanOrEqual(150);
    // The restarts really waited. Loosely: timers count from the event loop's cached
    // clock, which can be a little older than our listener's timestamp under load.
    for (let i = 0; i < 5; i++) {
      const waited = (spawnTimes[i + 1] ?? 0) - (exitTimes[i] ?? 0);
      expect(waited).toBeGreaterThanOrEqual((delays[i] ?? 0) / 2);
    }
    expect(proc.restartCount).toBeGreaterThanOrEqual(5);

    const exitLogs = records.filter((r) => r.level === WARN && r.msg.includes('exited'));
    expect(exitLogs.length).toBeGreaterThanOrEqual(6);
    expect(exitLogs[0]?.code).toBe(3);
    expect(String(exitLogs[0]?.stderrTail)).toMatch(/^boom from \d+\n$/);
  });

  it('starts the backoff over once a child has stayed up long enough', async () => {
    const { proc } = node(`setTimeout(() => process.exit(1), 300);`, {
      restart: { initialDelayMs: 20, maxDelayMs: 5_000, resetAfterMs: 100 },
    });
    const exits = nextExits(proc, 3);
    proc.start();
    for (const info of await exits) expect(info.delayMs).toBeLessThanOrEqual(20);
  });

  it('keeps only the last stderrMaxBytes of a chatty child and rate-limits its logs', async () => {
    const script = `
      const line = 'chatter '.repeat(12) + '\\n';
      let out = '';
      while (out.length < 1_000_000) out += line;
      // process.exit() would cut a large write to a socket pair short; let it drain.
      process.stderr.write(out + 'THE-END\\n');
      process.exitCode = 1;`;
    const { proc, records } = node(script, { stderrMaxBytes: 1_000 });
    const exit = nextExits(proc, 1);
    proc.start();
    const [info] = await exit;
    expect(info?.stderrTail.length).toBeLessThanOrEqual(1_000);
    expect(info?.stderrTail.length).toBeGreaterThan(900);
    expect(info?.stderrTail).toMatch(/chatter \nTHE-END\n$/);
    expect(proc.stderrTail()).toBe(info?.stderrTail);
    const stderrLogs = records.filter(
      (r) => r.level === DEBUG && r.msg === 'stdio upstream stderr',
    );
    expect(stderrLogs.length).toBeGreaterThan(0);
    expect(stderrLogs.length).toBeLessThanOrEqual(100);
  });

  it('keeps retrying a command that does not exist, without throwing', async () => {
    const { logger } = captureLogger();
    const proc = new StdioProcess({
      name: 'missing',
      command: '/nonexistent/gatehouse-no-such-binary',
      args: [],
      env: {},
      restart: { initialDelayMs: 20, maxDelayMs: 100 },
      stderrMaxBytes: 1_024,
      logger,
    });
    started.push(proc);
    const exits = nextExits(proc, 2);
    expect(() => proc.start()).not.toThrow();
    const infos = await exits;
    for (const info of infos) {
      expect(info.willRestart).toBe(true);
      expect(info.code).toBeNull();
      expect(info.uptimeMs).toBeNull();
      expect(info.error).toMatchObject({ code: 'ENOENT' });
    }
    expect(proc.restartCount).toBeGreaterThanOrEqual(1);
    expect(['backoff', 'starting']).toContain(proc.state);
    expect(proc.send({ jsonrpc: '2.0', method: 'x' })).toBe(false);
    await proc.stop();
    expect(proc.state).toBe('stopped');
  });

  it('stop() kills a child that ignores SIGTERM once the grace is over', async () => {
    const script = `
      process.on('SIGTERM', () => {});
      process.stdout.write('{"ready":true}\\n');
      ${STAY_ALIVE}`;
    const { proc } = node(script);
    const ready = nextMessages(proc, 1);
    proc.start();
    await ready;
    const pid = proc.pid ?? -1;
    const exit = nextExits(proc, 1);
    const before = performance.now();
    await proc.stop(300);
    const elapsed = performance.now() - before;
    const [info] = await exit;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(info).toMatchObject({ signal: 'SIGKILL', willRestart: false, delayMs: null });
    expect(proc.state).toBe('stopped');
    expect(proc.pid).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
  });

  it('stop() ends a well-behaved child promptly, is idempotent, and then refuses sends', async () => {
    const { proc } = node(ECHO);
    expect(proc.send({ early: true })).toBe(false);
    const spawned = nextSpawn(proc);
    proc.start();
    await spawned;
    expect(proc.send({ hello: 1 })).toBe(true);
    const exit = nextExits(proc, 1);
    const first = proc.stop(20_000);
    expect(proc.stop()).toBe(first);
    expect(proc.send({ late: true })).toBe(false);
    await first;
    const [info] = await exit;
    expect(info?.willRestart).toBe(false);
    expect(proc.state).toBe('stopped');
    expect(proc.send({ later: true })).toBe(false);
    expect(proc.restartCount).toBe(0);
  });

  it('stop() also reaps what the child spawned', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      process.stdout.write(JSON.stringify({ grandchild: grandchild.pid }) + '\\n');
      ${STAY_ALIVE}`;
    const { proc } = node(script);
    const first = nextMessages(proc, 1);
    proc.start();
    const [message] = await first;
    const grandchild = (message as { grandchild: number }).grandchild;
    expect(isAlive(grandchild)).toBe(true);
    await proc.stop(2_000);
    await waitUntil(() => !isAlive(grandchild));
  });

  it('survives a listener that throws', async () => {
    const { proc, records } = node(ECHO);
    proc.on('message', (message) => {
      if ((message as { n: number }).n === 1) throw new Error('listener bug');
    });
    const spawned = nextSpawn(proc);
    proc.start();
    await spawned;
    proc.send({ n: 1 });
    await waitUntil(() => records.some((r) => r.msg === 'stdio upstream listener threw'));
    const echoed = nextMessages(proc, 1);
    expect(proc.send({ n: 2 })).toBe(true);
    expect(await echoed).toEqual([{ n: 2 }]);
  });
});
