import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { withTimeout } from './deadline.js';

/** Every tool name the server lists, page after page. */
export async function listToolNames(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return names.sort();
}

/** The text parts of a tools/call result, joined. */
export function resultText(result: unknown): string {
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      const text = (part as { text?: unknown }).text;
      return typeof text === 'string' ? text : '';
    })
    .join('\n');
}

/**
 * An MCP session that stays open across steps, as a connected agent's does: what it lists
 * after a change is what such a client sees, without the cost of a new session per look.
 */
export class OpenSession {
  private constructor(
    readonly client: Client,
    private readonly transport: StreamableHTTPClientTransport,
  ) {}

  static async open(url: string, timeoutMs = 30_000): Promise<OpenSession> {
    const client = new Client({ name: 'gatehouse-e2e', version: '0.1.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url));
    await withTimeout(client.connect(transport), timeoutMs, `an MCP session at ${url}`);
    return new OpenSession(client, transport);
  }

  toolNames(): Promise<string[]> {
    return withTimeout(listToolNames(this.client), 10_000, 'tools/list');
  }

  async close(): Promise<void> {
    await withTimeout(this.transport.terminateSession(), 5_000, 'session termination').catch(
      () => undefined,
    );
    await this.client.close();
  }
}
