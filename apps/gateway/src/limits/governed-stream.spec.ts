import { describe, expect, it } from 'vitest';
import type { DownstreamEvent } from '../mcp/downstream-reply.js';
import { CallDeadline } from './call-deadline.js';
import { governStream, type CallVerdict } from './governed-stream.js';

async function collect(events: AsyncIterable<DownstreamEvent>): Promise<DownstreamEvent[]> {
  const out: DownstreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function* answer(message: DownstreamEvent['message']): AsyncGenerator<DownstreamEvent> {
  yield { message: { jsonrpc: '2.0', method: 'notifications/progress', params: {} } };
  yield { message };
}

async function* never(): AsyncGenerator<DownstreamEvent> {
  await new Promise<never>(() => undefined);
  yield {};
}

const timeoutError = {
  jsonrpc: '2.0' as const,
  id: 1,
  error: { code: -32011, message: 'deadline' },
};

describe('governStream', () => {
  it('passes the stream through and settles success or failure by the answer', async () => {
    for (const [message, expected] of [
      [{ jsonrpc: '2.0', id: 1, result: {} }, 'success'],
      [{ jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x' } }, 'failure'],
    ] as const) {
      const deadline = new CallDeadline(5_000, undefined);
      const verdicts: CallVerdict[] = [];
      const events = await collect(
        governStream(
          answer(message),
          1,
          deadline,
          () => timeoutError,
          (v) => verdicts.push(v),
        ),
      );
      deadline.clear();
      expect(events).toHaveLength(2);
      expect(verdicts).toEqual([expected]);
    }
  });

  it('ends with the timeout error when the deadline passes first', async () => {
    const deadline = new CallDeadline(50, undefined);
    const verdicts: CallVerdict[] = [];
    const events = await collect(
      governStream(
        never(),
        1,
        deadline,
        () => timeoutError,
        (v) => verdicts.push(v),
      ),
    );
    expect(events).toEqual([{ message: timeoutError }]);
    expect(verdicts).toEqual(['failure']);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('settles neutral when the reader stops early (client gone)', async () => {
    const deadline = new CallDeadline(5_000, undefined);
    const verdicts: CallVerdict[] = [];
    const stream = governStream(
      answer({ jsonrpc: '2.0', id: 1, result: {} }),
      1,
      deadline,
      () => timeoutError,
      (v) => verdicts.push(v),
    );
    for await (const _ of stream) break;
    deadline.clear();
    expect(verdicts).toEqual(['neutral']);
  });
});
