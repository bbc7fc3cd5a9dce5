import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Readable } from 'node:stream';

export interface RawSseEvent {
  id?: string;
  event?: string;
  data: string;
  retryMs?: number;
}

/** Reads a `text/event-stream` body as events, as they arrive; a retry hint rides on the next event. */
export async function* readSseEvents(body: Readable): AsyncGenerator<RawSseEvent> {
  const queue: RawSseEvent[] = [];
  let pendingRetry: number | undefined;
  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      const out: RawSseEvent = { data: event.data };
      if (event.id !== undefined) out.id = event.id;
      if (event.event !== undefined) out.event = event.event;
      if (pendingRetry !== undefined) {
        out.retryMs = pendingRetry;
        pendingRetry = undefined;
      }
      queue.push(out);
    },
    onRetry(retry: number) {
      pendingRetry = retry;
    },
  });
  body.setEncoding('utf8');
  for await (const chunk of body) {
    parser.feed(chunk as string);
    while (queue.length > 0) yield queue.shift() as RawSseEvent;
  }
  if (pendingRetry !== undefined) yield { data: '', retryMs: pendingRetry };
}
