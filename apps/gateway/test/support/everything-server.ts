import { request } from 'undici';
import { ManagedChild } from './child-process.js';
import { freePort } from './free-port.js';
import { EVERYTHING_ENTRY } from './paths.js';
import { pollUntil } from './poll.js';

export interface EverythingServer {
  /** The MCP endpoint, on loopback. */
  url: string;
  port: number;
  child: ManagedChild;
  stop(): Promise<void>;
}

/**
 * Starts `@modelcontextprotocol/server-everything` over Streamable HTTP as a child process and
 * waits until its MCP endpoint answers. It binds every interface; the specs only use 127.0.0.1.
 */
export async function startEverythingServer(port?: number): Promise<EverythingServer> {
  const chosen = port ?? (await freePort());
  const child = ManagedChild.start(
    'server-everything',
    process.execPath,
    [EVERYTHING_ENTRY, 'streamableHttp'],
    {
      PORT: String(chosen),
    },
  );
  const url = `http://127.0.0.1:${chosen}/mcp`;
  try {
    await pollUntil(
      async () => {
        if (child.hasExited) throw new Error(`server-everything exited early:\n${child.tail()}`);
        // Without a session, any POST is refused with a 400: enough to know it serves.
        const response = await request(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
          headersTimeout: 2_000,
          bodyTimeout: 2_000,
        });
        await response.body.dump();
        return response.statusCode;
      },
      { what: `server-everything on ${url}`, timeoutMs: 30_000, intervalMs: 150 },
    );
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.tail()}`, { cause: error });
  }
  return { url, port: chosen, child, stop: () => child.stop() };
}
