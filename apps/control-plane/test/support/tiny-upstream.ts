import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

export interface TinyUpstream {
  /** The MCP endpoint, on loopback. */
  readonly url: string;
  /** What tools/list answers from now on (the test changes it between introspections). */
  setTools(tools: readonly Tool[]): void;
  close(): Promise<void>;
}

/**
 * A small MCP server of the test's own, on the SDK over Streamable HTTP (stateless): its
 * tools/list answers whatever the test last set, in pages of `pageSize`.
 */
export async function startTinyUpstream(
  initial: readonly Tool[],
  options: { readonly pageSize?: number } = {},
): Promise<TinyUpstream> {
  let tools = [...initial];
  const pageSize = options.pageSize ?? 100;
  const http = createServer((request, response) => {
    const server = new Server(
      { name: 'tiny-upstream', version: '1.0.0' },
      { capabilities: { tools: {} } },
    );
    server.setRequestHandler(ListToolsRequestSchema, (list) => {
      const start = Number(list.params?.cursor ?? '0');
      const page = tools.slice(start, start + pageSize);
      const next = start + pageSize;
      return next < tools.length ? { tools: page, nextCursor: String(next) } : { tools: page };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    setTools(next) {
      tools = [...next];
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
