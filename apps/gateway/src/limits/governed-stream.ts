import type { JsonRpcId, JsonRpcMessage } from '../jsonrpc/jsonrpc-message.js';
import type { DownstreamEvent } from '../mcp/downstream-reply.js';
import type { CallDeadline } from './call-deadline.js';

/** How a call ended, for its circuit breaker: the client leaving says nothing about the tool. */
export type CallVerdict = 'success' | 'failure' | 'neutral';

/** The verdict of a message that answers `id`, or undefined when it does not answer it. */
export function verdictOf(message: JsonRpcMessage, id: JsonRpcId): CallVerdict | undefined {
  if (!('id' in message) || message.id !== id || 'method' in message) return undefined;
  return 'error' in message ? 'failure' : 'success';
}

/**
 * An upstream's SSE answer, passed through until it answers, ends, or the deadline passes (then
 * the caller gets `onDeadline`'s error and the stream stops). `settle` runs exactly once, when
 * the stream is over for whatever reason, with the verdict.
 */
export async function* governStream(
  events: AsyncIterable<DownstreamEvent>,
  requestId: JsonRpcId,
  deadline: CallDeadline,
  onDeadline: () => JsonRpcMessage,
  settle: (verdict: CallVerdict) => void,
): AsyncGenerator<DownstreamEvent> {
  const iterator = events[Symbol.asyncIterator]();
  let verdict: CallVerdict = 'neutral';
  let finished = false;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), deadline.expired]);
      if (next === 'expired') {
        verdict = 'failure';
        yield { message: onDeadline() };
        return;
      }
      if (next.done === true) {
        finished = true;
        return;
      }
      const message = next.value.message;
      if (message !== undefined) verdict = verdictOf(message, requestId) ?? verdict;
      yield next.value;
    }
  } finally {
    settle(verdict);
    // Stopped early (deadline, client gone): let the upstream stream go.
    if (!finished) iterator.return?.(undefined).catch(() => undefined);
  }
}
