import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  McpError,
  type CallToolResult,
  type ClientCapabilities,
} from '@modelcontextprotocol/sdk/types.js';

export interface ConnectOptions {
  fetch?: FetchLike;
  capabilities?: ClientCapabilities;
  /** Registers request handlers before connecting (sampling, elicitation need them then). */
  prepare?: (client: Client) => void;
  name?: string;
}

export interface ConnectedClient {
  client: Client;
  transport: StreamableHTTPClientTransport;
  close(): Promise<void>;
}

/** A real SDK client over Streamable HTTP, initialized against `url`. */
export async function connectClient(
  url: string,
  options: ConnectOptions = {},
): Promise<ConnectedClient> {
  const client = new Client(
    { name: options.name ?? 'gatehouse-it', version: '1.0.0' },
    { capabilities: options.capabilities ?? {} },
  );
  options.prepare?.(client);
  const transport = new StreamableHTTPClientTransport(
    new URL(url),
    options.fetch === undefined ? {} : { fetch: options.fetch },
  );
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

/** The text of a tool result's text blocks, joined. */
export function resultText(result: unknown): string {
  const content = (result as CallToolResult).content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => (block.type === 'text' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** The JSON-RPC error a call failed with; fails the test if it succeeded or failed otherwise. */
export async function failureOf(call: Promise<unknown>): Promise<McpError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error('the call succeeded; it was expected to fail');
}
