import { Injectable } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamResource } from '@gatehouse/contracts';
import type { ListedTool } from './listed-tool.js';

// Bounds on what one upstream may make us hold: a misbehaving server cannot page forever.
const maxPages = 100;
const maxTools = 5_000;
const stderrTailBytes = 2_048;
const closeTimeoutMs = 2_000;

/** Why an upstream could not be introspected, in words an admin can act on. */
export class IntrospectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntrospectionError';
  }
}

function objectOrNull(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function toListedTool(tool: Tool): ListedTool {
  const annotations = objectOrNull(tool.annotations);
  const annotatedTitle = annotations?.['title'];
  return {
    name: tool.name,
    title: tool.title ?? (typeof annotatedTitle === 'string' ? annotatedTitle : null),
    description: tool.description ?? null,
    inputSchema: tool.inputSchema,
    outputSchema: objectOrNull(tool.outputSchema),
    annotations,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads an upstream MCP server's tools/list (every page) with the MCP SDK's client, over
 * Streamable HTTP or by running its stdio command, within the upstream's timeout.
 */
@Injectable()
export class UpstreamIntrospector {
  async listTools(upstream: UpstreamResource): Promise<ListedTool[]> {
    const timeoutMs = upstream.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    let stderr = '';
    const transport =
      upstream.transport.type === 'stdio'
        ? new StdioClientTransport({
            command: upstream.transport.command,
            args: upstream.transport.args,
            env: { ...getDefaultEnvironment(), ...upstream.transport.env },
            stderr: 'pipe',
          })
        : new StreamableHTTPClientTransport(new URL(upstream.transport.url), {
            requestInit: { headers: upstream.transport.headers },
          });
    if (transport instanceof StdioClientTransport) {
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-stderrTailBytes);
      });
    }
    // Declared like a gateway node declares them to its upstreams: some servers list tools
    // (sampling, elicitation, roots helpers) only to clients that can answer such requests,
    // and a catalog that missed them would let nodes serve tools nobody reviewed.
    const client = new Client(
      { name: 'gatehouse-control-plane', version: '0.1.0' },
      { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
    );
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [] }));
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' as const }));
    client.setRequestHandler(CreateMessageRequestSchema, () => {
      throw new McpError(
        ErrorCode.InvalidRequest,
        'the control plane does not sample while it introspects',
      );
    });
    try {
      await client.connect(transport, { signal: deadline, timeout: timeoutMs });
      // A server without the tools capability offers none.
      if (!client.getServerCapabilities()?.tools) return [];
      const tools: ListedTool[] = [];
      let cursor: string | undefined;
      for (let page = 1; ; page += 1) {
        const result = await client.listTools(cursor === undefined ? {} : { cursor }, {
          signal: deadline,
          timeout: timeoutMs,
        });
        tools.push(...result.tools.map(toListedTool));
        if (tools.length > maxTools) {
          throw new IntrospectionError(`the upstream lists more than ${maxTools} tools`);
        }
        cursor = result.nextCursor;
        if (cursor === undefined) return tools;
        if (page >= maxPages) {
          throw new IntrospectionError(`the upstream's tools/list has more than ${maxPages} pages`);
        }
      }
    } catch (error) {
      if (error instanceof IntrospectionError) throw error;
      const reason = deadline.aborted
        ? `no complete tools/list within ${timeoutMs} ms`
        : messageOf(error);
      const where =
        upstream.transport.type === 'stdio'
          ? `running "${upstream.transport.command}"`
          : `at ${upstream.transport.url}`;
      const tail = stderr.trim() === '' ? '' : ` (stderr: ${stderr.trim()})`;
      throw new IntrospectionError(
        `Could not list the tools of the upstream ${where}: ${reason}${tail}`,
        {
          cause: error,
        },
      );
    } finally {
      await this.close(client, transport);
    }
  }

  private async close(
    client: Client,
    transport: StdioClientTransport | StreamableHTTPClientTransport,
  ): Promise<void> {
    // Tell an HTTP server it can drop the session; a stdio child is stopped by close().
    if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
      await Promise.race([
        transport.terminateSession().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, closeTimeoutMs).unref()),
      ]);
    }
    await client.close().catch(() => undefined);
  }
}
