import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { DownstreamEvent } from '../mcp/downstream-reply.js';

const KEEPALIVE_MS = 15_000;

export function formatSseEvent(event: DownstreamEvent): string {
  let out = '';
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (event.retryMs !== undefined) out += `retry: ${event.retryMs}\n`;
  if (event.message === undefined) return `${out}data: \n\n`;
  return `${out}event: message\ndata: ${JSON.stringify(event.message)}\n\n`;
}

/** Streams events to the client as they come, with keep-alive comments; stops when either side ends. */
export async function writeSse(
  raw: ServerResponse,
  events: AsyncIterable<DownstreamEvent>,
  headers: Record<string, string>,
): Promise<void> {
  raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  raw.flushHeaders();
  const keepalive = setInterval(() => {
    if (!raw.destroyed) raw.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();
  const iterator = events[Symbol.asyncIterator]();
  const stop = (): void => {
    void iterator.return?.();
  };
  raw.once('close', stop);
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true || raw.destroyed) break;
      if (!raw.write(formatSseEvent(next.value)) && !raw.destroyed) {
        await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
      }
    }
  } finally {
    clearInterval(keepalive);
    raw.off('close', stop);
    if (!raw.destroyed) raw.end();
    await iterator.return?.();
  }
}
