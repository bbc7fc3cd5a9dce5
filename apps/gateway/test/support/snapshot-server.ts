import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHeartbeat {
  nodeId: string;
  hostname: string;
  appliedVersion: number | null;
  startedAt: string;
  state: string;
  lastError?: string;
  /** When it arrived (ms since the epoch). */
  receivedAt: number;
}

export interface SnapshotRequest {
  ifNoneMatch: string | undefined;
  wait: string | null;
  authorized: boolean;
  at: number;
}

interface Published {
  jws: string;
  /** The ETag it is served with: the version it claims, whatever its content says. */
  etag: string;
}

const MAX_WAIT_SECONDS = 60;

/**
 * The control plane's two node-facing endpoints, as the contract describes them, in a plain
 * HTTP server of the spec's own: `GET .../snapshot` (ETag, If-None-Match, long-poll with
 * `wait`) and `POST .../nodes/heartbeat`. It serves whatever JWS the spec publishes, good or bad.
 */
export class SnapshotServer {
  readonly heartbeats: ReceivedHeartbeat[] = [];
  readonly snapshotRequests: SnapshotRequest[] = [];
  private published: Published | undefined;
  private readonly waiters = new Set<() => void>();
  private server: Server | undefined;
  private portNumber = 0;

  private constructor(
    readonly fleetId: string,
    private readonly credential: string,
  ) {}

  static async start(fleetId: string, credential: string, port = 0): Promise<SnapshotServer> {
    const server = new SnapshotServer(fleetId, credential);
    await server.listen(port);
    return server;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  /** Serves `jws` from now on, and answers every long-poll waiting for a change. */
  publish(jws: string, version: number): void {
    this.published = { jws, etag: String(version) };
    for (const wake of [...this.waiters]) wake();
  }

  /** Brings the endpoint back on the same port, with what it served before. */
  async restart(): Promise<void> {
    await this.listen(this.portNumber);
  }

  /** Closes the endpoint and drops every connection, as a control plane that went away. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const wake of [...this.waiters]) wake();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.portNumber = (server.address() as AddressInfo).port;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const authorized = request.headers.authorization === `Bearer ${this.credential}`;
    const base = `/api/v1/fleets/${encodeURIComponent(this.fleetId)}`;
    if (request.method === 'GET' && url.pathname === `${base}/snapshot`) {
      this.snapshotRequests.push({
        ifNoneMatch: request.headers['if-none-match'],
        wait: url.searchParams.get('wait'),
        authorized,
        at: Date.now(),
      });
      if (!authorized) return json(response, 401, { message: 'unknown node credential' });
      return this.serveSnapshot(request, response, url);
    }
    if (request.method === 'POST' && url.pathname === `${base}/nodes/heartbeat`) {
      if (!authorized) return json(response, 401, { message: 'unknown node credential' });
      const body = JSON.parse(await readBody(request)) as Omit<ReceivedHeartbeat, 'receivedAt'>;
      this.heartbeats.push({ ...body, receivedAt: Date.now() });
      response.writeHead(204).end();
      return;
    }
    json(response, 404, { message: `no route ${request.method ?? ''} ${url.pathname}` });
  }

  private async serveSnapshot(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const ifNoneMatch = request.headers['if-none-match'];
    const waitSeconds = Math.min(Number(url.searchParams.get('wait') ?? 0) || 0, MAX_WAIT_SECONDS);
    const unchanged = (): boolean =>
      this.published !== undefined && ifNoneMatch === `"${this.published.etag}"`;
    if (unchanged() && waitSeconds > 0) await this.waitForChange(waitSeconds * 1000, response);
    if (this.server === undefined || response.destroyed) return;
    const published = this.published;
    if (published === undefined)
      return json(response, 404, { message: `fleet ${this.fleetId} has no snapshot yet` });
    if (unchanged()) {
      response.writeHead(304, { etag: `"${published.etag}"` }).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/jose', etag: `"${published.etag}"` })
      .end(published.jws);
  }

  /** Until something is published, the wait is over, or the node hung up. */
  private waitForChange(ms: number, response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        response.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      response.once('close', done);
    });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
