import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { withTimeout } from './deadline.js';

/**
 * Connects an SDK client over Streamable HTTP, runs `use`, then ends the session with a
 * DELETE (close() alone would leave it open on the server) and closes the client.
 */
export async function withMcpClient<T>(
  url: string,
  use: (client: Client) => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const client = new Client({ name: 'gatehouse-e2e', version: '0.1.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await withTimeout(client.connect(transport), timeoutMs, `an MCP session at ${url}`);
  try {
    return await withTimeout(use(client), timeoutMs, `MCP calls to ${url}`);
  } finally {
    await withTimeout(transport.terminateSession(), 5_000, 'session termination').catch(
      () => undefined,
    );
    await client.close();
  }
}
