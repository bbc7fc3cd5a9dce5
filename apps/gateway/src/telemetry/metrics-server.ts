import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Prometheus `/metrics` on a port of its own (GATEHOUSE_METRICS_PORT), apart from the MCP
 * listener: scrapers reach it on the internal network without reaching MCP, and a busy MCP
 * port does not delay a scrape.
 */
export async function startMetricsServer(
  host: string,
  port: number,
  text: () => Promise<string>,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    text().then(
      (body) =>
        response
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
          .end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
