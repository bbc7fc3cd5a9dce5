// One Streamable HTTP POST of a JSON-RPC message through an undici Pool, body read in full and
// checked: a request must come back 200 with a result (not an error) for its own id.
import type { Pool } from 'undici';
import { bodyFormat, clip, findRpcResult } from './rpc-response.js';
import type { BodyFormat, RpcOutcome } from './rpc-response.js';

export const REQUEST_TIMEOUT_MS = 10_000;

export interface PostedRequest {
  outcome: RpcOutcome;
  format: BodyFormat | undefined;
  /** The `mcp-session-id` response header, if any (set by `initialize`). */
  sessionId: string | undefined;
}

export async function postRequest(
  pool: Pool,
  path: string,
  headers: Record<string, string>,
  id: number,
  payload: string,
): Promise<PostedRequest> {
  const res = await pool.request({
    path,
    method: 'POST',
    headers,
    body: payload,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const body = await res.body.text();
  const format = bodyFormat(res.headers['content-type']);
  const header = res.headers['mcp-session-id'];
  const sessionId = Array.isArray(header) ? header[0] : header;
  if (res.statusCode !== 200) {
    return {
      format,
      sessionId,
      outcome: { ok: false, problem: `HTTP ${res.statusCode}: ${clip(body)}` },
    };
  }
  if (format === undefined) {
    const type = String(res.headers['content-type']);
    return {
      format,
      sessionId,
      outcome: { ok: false, problem: `unexpected content-type ${type}` },
    };
  }
  return { format, sessionId, outcome: findRpcResult(format, body, id) };
}

/** A notification (or a client response): any 2xx is accepted, the body is ignored. */
export async function postNotification(
  pool: Pool,
  path: string,
  headers: Record<string, string>,
  payload: string,
): Promise<void> {
  const res = await pool.request({
    path,
    method: 'POST',
    headers,
    body: payload,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const body = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new Error(`notification rejected: HTTP ${res.statusCode}: ${clip(body)}`);
  }
}
