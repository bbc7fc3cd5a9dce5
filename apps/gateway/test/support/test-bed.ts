import { setTimeout as sleep } from 'node:timers/promises';
import { readdir } from 'node:fs/promises';
import { startEverythingServer, type EverythingServer } from './everything-server.js';
import { makeTempDir, startGatewayNode, type GatewayNode, type TempDir } from './gateway-node.js';
import { connectClient, type ConnectOptions, type ConnectedClient } from './mcp-client.js';
import { killLeftoverFixtures } from './upstream-events.js';

/** How long a node gets to stop before teardown moves on (see `stopWithin`). */
const STOP_BOUND_MS = 5_000;

/** Resolves 'stopped' when the node stopped within `ms`, else 'hung' (the stop carries on). */
export async function stopWithin(node: GatewayNode, ms: number): Promise<'stopped' | 'hung'> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      node.stop().then(() => 'stopped' as const),
      sleep(ms, 'hung' as const, { signal: controller.signal }),
    ]);
  } finally {
    controller.abort();
  }
}

/**
 * Everything one spec starts, torn down in a fixed order: clients, then gateway nodes (bounded),
 * then upstream servers, then whatever node stops were still pending, then fixture processes a
 * node left behind (found through the events files in the temp folders), then temp folders. Upstreams
 * go after the nodes so a node's stop sees them alive, but before the final wait, so a node whose
 * stop waits on an upstream connection cannot hang the run.
 */
export class TestBed {
  private readonly clients: ConnectedClient[] = [];
  private readonly nodes: GatewayNode[] = [];
  private readonly servers: EverythingServer[] = [];
  private readonly dirs: TempDir[] = [];

  async tempDir(prefix: string): Promise<TempDir> {
    const dir = await makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }

  /** server-everything over HTTP; pass the port of a stopped one to bring it back there. */
  async everything(port?: number): Promise<EverythingServer> {
    const server = await startEverythingServer(port);
    this.servers.push(server);
    return server;
  }

  async gateway(configPath: string, port?: number): Promise<GatewayNode> {
    const node = await startGatewayNode(configPath, port);
    this.nodes.push(node);
    return node;
  }

  /** A node started some other way (a fleet node), stopped with the rest. */
  adopt<T extends GatewayNode>(node: T): T {
    this.nodes.push(node);
    return node;
  }

  async client(url: string, options: ConnectOptions = {}): Promise<ConnectedClient> {
    const client = await connectClient(url, options);
    this.clients.push(client);
    return client;
  }

  async teardown(): Promise<void> {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    };
    await Promise.all(this.clients.map((client) => attempt(() => client.close())));
    await Promise.all(this.nodes.map((node) => attempt(() => stopWithin(node, STOP_BOUND_MS))));
    await Promise.all(this.servers.map((server) => attempt(() => server.stop())));
    await Promise.all(
      this.nodes.map((node) =>
        attempt(async () => {
          if ((await stopWithin(node, STOP_BOUND_MS)) === 'hung')
            throw new Error(`gateway ${node.url} did not stop`);
        }),
      ),
    );
    await attempt(async () => {
      const files: string[] = [];
      for (const dir of this.dirs) {
        for (const name of await readdir(dir.path).catch(() => []))
          if (name.endsWith('.jsonl')) files.push(dir.file(name));
      }
      await killLeftoverFixtures(files);
    });
    await Promise.all(this.dirs.map((dir) => attempt(() => dir.remove())));
    if (failures.length > 0) throw new AggregateError(failures, 'teardown failed');
  }
}
