import type { AppliedSnapshot } from '@gatehouse/signing';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfferOutcome, SnapshotOffer } from './snapshot-acceptor.js';
import { SnapshotPullError, type PullOptions, type SnapshotPull } from './snapshot-client.js';
import { SnapshotSync } from './snapshot-sync.js';

type Step = SnapshotPull | SnapshotPullError;

interface SeenPull {
  at: number;
  ifNoneMatch: string | undefined;
  waitSeconds: number;
}

/** A control plane that answers from a script, then hangs like a long-poll until stopped. */
class ScriptedClient {
  readonly url = new URL('http://control-plane.test/api/v1/fleets/f/snapshot');
  readonly seen: SeenPull[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly steps: Step[]) {}

  async pull(options: PullOptions): Promise<SnapshotPull> {
    this.seen.push({
      at: Date.now(),
      ifNoneMatch: options.ifNoneMatch,
      waitSeconds: options.waitSeconds,
    });
    for (const notify of this.waiting.splice(0)) notify();
    const step = this.steps.shift();
    if (step === undefined) {
      return new Promise((_resolve, reject) => {
        options.signal.addEventListener('abort', () => reject(new Error('aborted')), {
          once: true,
        });
      });
    }
    if (step instanceof SnapshotPullError) throw step;
    return step;
  }

  /** Resolves once `count` pulls were made. */
  async pulls(count: number): Promise<SeenPull[]> {
    while (this.seen.length < count)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.seen;
  }
}

/** Judges by the JWS text: `good:<version>` applies, anything else is refused. */
class FakeAcceptor {
  applied: AppliedSnapshot | undefined;
  readonly offers: string[] = [];

  async offer(offer: SnapshotOffer): Promise<OfferOutcome> {
    this.offers.push(offer.jws);
    const match = /^good:(\d+)$/.exec(offer.jws);
    if (match === null)
      return { kind: 'refused', reason: 'bad-signature', message: `refused ${offer.jws}` };
    const version = Number(match[1]);
    if (this.applied?.version === version) return { kind: 'unchanged', version };
    this.applied = { version, contentHash: 'h' };
    return { kind: 'applied', version, contentHash: 'h' };
  }
}

const unreachable = (): SnapshotPullError =>
  new SnapshotPullError('unreachable', 'connection refused');

const gaps = (seen: readonly SeenPull[]): number[] =>
  seen.slice(1).map((pull, index) => pull.at - (seen[index]?.at ?? pull.at));

describe('SnapshotSync', () => {
  let sync: SnapshotSync | undefined;
  afterEach(async () => {
    await sync?.stop();
    sync = undefined;
  });

  const start = (
    client: ScriptedClient,
    acceptor: FakeAcceptor,
    extra: { save?: (jws: string) => Promise<void>; onApplied?: () => void } = {},
  ): SnapshotSync => {
    sync = new SnapshotSync({
      client,
      acceptor,
      store: { path: '/state/snapshot.jws', save: extra.save ?? (async () => undefined) },
      metrics: { pullFailed: () => undefined },
      logger: pino({ level: 'silent' }),
      waitSeconds: 25,
      backoff: { initialDelayMs: 40, maxDelayMs: 160, jitter: 0 },
      minPollIntervalMs: 0,
      ...(extra.onApplied === undefined ? {} : { onApplied: extra.onApplied }),
    });
    sync.start();
    return sync;
  };

  it('backs off exponentially up to the cap while unreachable, and starts over after an answer', async () => {
    const client = new ScriptedClient([
      unreachable(),
      unreachable(),
      unreachable(),
      unreachable(),
      { kind: 'not-modified' },
      unreachable(),
    ]);
    const running = start(client, new FakeAcceptor());
    const seen = await client.pulls(7);
    const [a, b, c, d, afterAnswer, e] = gaps(seen);
    // 40, 80, 160, capped at 160; the 304 is followed at once; then the first delay again.
    for (const [gap, expected] of [
      [a, 40],
      [b, 80],
      [c, 160],
      [d, 160],
      [e, 40],
    ] as const) {
      expect(gap).toBeGreaterThanOrEqual(expected - 2);
      expect(gap).toBeLessThan(expected + 80);
    }
    expect(afterAnswer).toBeLessThan(40);
    expect(running.problem).toBe('connection refused');
    expect(seen.every((pull) => pull.waitSeconds === 25)).toBe(true);
  });

  it('asks for anything newer than the version in force, and past a refused one', async () => {
    const client = new ScriptedClient([
      { kind: 'snapshot', jws: 'good:3', etag: '3' },
      { kind: 'snapshot', jws: 'tampered', etag: '4' },
      { kind: 'not-modified' },
      { kind: 'snapshot', jws: 'good:5', etag: '5' },
    ]);
    const acceptor = new FakeAcceptor();
    const saved: string[] = [];
    let applied = 0;
    const running = start(client, acceptor, {
      save: async (jws) => {
        saved.push(jws);
      },
      onApplied: () => {
        applied += 1;
      },
    });
    const seen = await client.pulls(5);
    expect(seen.map((pull) => pull.ifNoneMatch)).toEqual([undefined, '3', '4', '4', '5']);
    expect(saved).toEqual(['good:3', 'good:5']);
    expect(applied).toBe(2);
    expect(running.problem).toBeUndefined();
  });

  it('backs off when a refused snapshot comes back regardless of If-None-Match', async () => {
    const client = new ScriptedClient([
      { kind: 'snapshot', jws: 'bad', etag: undefined },
      { kind: 'snapshot', jws: 'bad', etag: '9' },
      { kind: 'snapshot', jws: 'bad', etag: '9' },
    ]);
    const running = start(client, new FakeAcceptor());
    const [first, second] = gaps(await client.pulls(4));
    expect(first).toBeGreaterThanOrEqual(38);
    expect(second).toBeGreaterThanOrEqual(78);
    expect(running.problem).toBe('refused bad');
  });

  it('keeps going when the snapshot cannot be kept on disk', async () => {
    const client = new ScriptedClient([
      { kind: 'snapshot', jws: 'good:1', etag: '1' },
      { kind: 'snapshot', jws: 'good:2', etag: '2' },
    ]);
    const acceptor = new FakeAcceptor();
    start(client, acceptor, {
      save: async () => {
        throw new Error('disk full');
      },
    });
    await client.pulls(3);
    expect(acceptor.applied?.version).toBe(2);
  });

  it('looks again soon for a fleet that has no snapshot yet', async () => {
    const client = new ScriptedClient([
      { kind: 'no-snapshot', detail: '' },
      { kind: 'no-snapshot', detail: '' },
      { kind: 'snapshot', jws: 'good:1', etag: '1' },
    ]);
    const acceptor = new FakeAcceptor();
    const running = start(client, acceptor);
    expect(running.problem).toBeUndefined();
    await client.pulls(4);
    expect(acceptor.applied?.version).toBe(1);
    expect(running.problem).toBeUndefined();
  });
});
