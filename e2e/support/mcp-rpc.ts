/** One JSON-RPC POST to an MCP endpoint, reading a JSON or an SSE reply (its last message). */
export interface RpcResult {
  readonly status: number;
  readonly sessionId: string | null;
  readonly body: unknown;
}

export async function mcpRpc(
  url: string,
  message: unknown,
  headers: Record<string, string> = {},
): Promise<RpcResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  const body = (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)) as unknown)
        .at(-1)
    : text
      ? (JSON.parse(text) as unknown)
      : null;
  return { status: response.status, sessionId: response.headers.get('mcp-session-id'), body };
}

/** Opens a session (initialize + initialized) and returns the headers later requests carry. */
export async function openMcpSession(url: string): Promise<Record<string, string>> {
  const init = await mcpRpc(url, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'e2e', version: '1' },
    },
  });
  if (init.status !== 200 || init.sessionId === null)
    throw new Error(`initialize failed: ${init.status} ${JSON.stringify(init.body)}`);
  const session = { 'mcp-session-id': init.sessionId, 'mcp-protocol-version': '2025-06-18' };
  await mcpRpc(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  return session;
}
