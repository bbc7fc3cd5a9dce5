// Finds the JSON-RPC response to one request id in a Streamable HTTP response body, which is
// either a single JSON message (application/json) or an SSE stream (text/event-stream) whose
// `data:` lines carry messages — notifications may precede the response on the same stream.

export interface RpcResult {
  ok: true;
  result: Record<string, unknown>;
}

export interface RpcFailure {
  ok: false;
  problem: string;
}

export type RpcOutcome = RpcResult | RpcFailure;

export type BodyFormat = 'json' | 'sse';

export function bodyFormat(contentType: string | string[] | undefined): BodyFormat | undefined {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined) return undefined;
  const type = value.split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'text/event-stream') return 'sse';
  return undefined;
}

/** The `result` of the response whose id is `id`, or why there is none. */
export function findRpcResult(format: BodyFormat, body: string, id: number): RpcOutcome {
  const messages = format === 'json' ? parseJsonBody(body) : parseSseBody(body);
  if (typeof messages === 'string') return { ok: false, problem: messages };
  for (const message of messages) {
    if (message['id'] !== id) continue;
    if ('error' in message) {
      return { ok: false, problem: `JSON-RPC error: ${JSON.stringify(message['error'])}` };
    }
    const result = message['result'];
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      return { ok: false, problem: `response ${id} has no result object` };
    }
    return { ok: true, result: result as Record<string, unknown> };
  }
  return { ok: false, problem: `no response with id ${id} in body: ${clip(body)}` };
}

function parseJsonBody(body: string): Record<string, unknown>[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON: ${clip(body)}`;
  }
  const list = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  return list.filter(isRecord);
}

/** Every SSE event's data (its `data:` lines joined by \n) parsed as JSON; others skipped. */
function parseSseBody(body: string): Record<string, unknown>[] | string {
  const messages: Record<string, unknown>[] = [];
  const events = body.split(/\r?\n\r?\n/);
  for (const event of events) {
    const data: string[] = [];
    for (const line of event.split(/\r?\n/)) {
      if (line.startsWith('data:')) {
        data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
    }
    if (data.length === 0) continue; // comments, priming events, retry hints
    const text = data.join('\n');
    if (text === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `SSE data is not JSON: ${clip(text)}`;
    }
    if (isRecord(parsed)) messages.push(parsed);
  }
  return messages;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
