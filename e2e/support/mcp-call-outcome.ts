import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { withTimeout } from './deadline.js';

/** What a gateway did with one tools/call, as an SDK client experiences it. */
export interface GatewayOutcome {
  readonly allowed: boolean;
  /** HTTP status of the refusing response (401, 403), else 200. */
  readonly status: number;
  /** `data.rule` of a JSON-RPC refusal, when the gateway names it. */
  readonly rule?: string;
  readonly reason?: string;
  readonly message: string;
  /** `WWW-Authenticate` of a 401/403. */
  readonly challenge?: string;
}

interface RefusedResponse {
  readonly status: number;
  readonly body: string;
  readonly challenge: string | null;
}

interface ErrorBody {
  readonly error?: { readonly message?: string; readonly data?: Record<string, unknown> };
}

function stringField(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key];
  return typeof value === 'string' ? value : undefined;
}

function fromHttp(refused: RefusedResponse): GatewayOutcome {
  let parsed: ErrorBody = {};
  try {
    parsed = JSON.parse(refused.body) as ErrorBody;
  } catch {
    // Not JSON: the status and the challenge still tell.
  }
  const data = parsed.error?.data;
  const rule = stringField(data, 'rule');
  const reason = stringField(data, 'reason');
  return {
    allowed: false,
    status: refused.status,
    message: parsed.error?.message ?? refused.body,
    ...(rule === undefined ? {} : { rule }),
    ...(reason === undefined ? {} : { reason }),
    ...(refused.challenge === null ? {} : { challenge: refused.challenge }),
  };
}

function fromMcpError(error: McpError): GatewayOutcome {
  const data =
    error.data !== null && typeof error.data === 'object'
      ? (error.data as Record<string, unknown>)
      : undefined;
  const rule = stringField(data, 'rule');
  const reason = stringField(data, 'reason');
  return {
    allowed: false,
    status: 200,
    message: error.message,
    ...(rule === undefined ? {} : { rule }),
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * Opens a session with the SDK client (bearer `credential`, if any), calls one tool and ends
 * the session. A refusal at any step (401 at initialize, 403 on the call, a JSON-RPC error) is
 * an outcome, not an exception; an answer from the upstream, error result or not, is allowed.
 */
export async function callToolAs(
  url: string,
  credential: string | undefined,
  name: string,
  args: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<GatewayOutcome> {
  let refused: RefusedResponse | undefined;
  const recording: FetchLike = async (input, init) => {
    const response = await fetch(input, init);
    // Only POSTs carry requests; a refused GET stream (405) is the SDK's own business.
    if (response.status >= 400 && init?.method === 'POST' && refused === undefined) {
      refused = {
        status: response.status,
        body: await response.clone().text(),
        challenge: response.headers.get('www-authenticate'),
      };
    }
    return response;
  };
  const client = new Client({ name: 'gatehouse-e2e', version: '0.1.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: recording,
    ...(credential === undefined
      ? {}
      : { requestInit: { headers: { authorization: `Bearer ${credential}` } } }),
  });
  try {
    await withTimeout(client.connect(transport), timeoutMs, `an MCP session at ${url}`);
    await withTimeout(
      client.callTool({ name, arguments: args }),
      timeoutMs,
      `tools/call ${name} at ${url}`,
    );
    return { allowed: true, status: 200, message: 'ok' };
  } catch (error) {
    if (refused !== undefined) return fromHttp(refused);
    if (error instanceof McpError) return fromMcpError(error);
    throw error;
  } finally {
    await withTimeout(transport.terminateSession(), 5_000, 'session termination').catch(
      () => undefined,
    );
    await client.close().catch(() => undefined);
  }
}
