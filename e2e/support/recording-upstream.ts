import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal MCP server over Streamable HTTP (JSON replies) with one tool, `echo`, that records
 * the headers of every tools/call it gets: the spec reads the `traceparent` it was sent.
 */
export class RecordingUpstream {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly calls: IncomingHttpHeaders[],
  ) {}

  static async start(): Promise<RecordingUpstream> {
    const calls: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        if (request.method !== 'POST') {
          response.writeHead(405).end();
          return;
        }
        const message = JSON.parse(raw || '{}') as { id?: unknown; method?: string };
        if (message.id === undefined) {
          response.writeHead(202).end();
          return;
        }
        const reply = (result: unknown): void => {
          response
            .writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'rec-1' })
            .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
        };
        switch (message.method) {
          case 'initialize':
            return reply({
              protocolVersion: '2025-06-18',
              capabilities: { tools: {} },
              serverInfo: { name: 'recording-upstream', version: '1.0.0' },
            });
          case 'tools/list':
            return reply({
              tools: [
                {
                  name: 'echo',
                  description: 'Echoes a fixed text',
                  inputSchema: { type: 'object', additionalProperties: true },
                },
              ],
            });
          case 'tools/call':
            calls.push(request.headers);
            return reply({ content: [{ type: 'text', text: 'echoed' }] });
          default:
            return reply({});
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new RecordingUpstream(server, `http://127.0.0.1:${port}/mcp`, calls);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly service: string;
  readonly raw: string;
}

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string }[];
    }[];
  }[];
}

/** An OTLP/HTTP (JSON) trace receiver: POST /v1/traces, spans kept in memory. */
export class OtlpReceiver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly spans: ReceivedSpan[],
    readonly bodies: string[],
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const spans: ReceivedSpan[] = [];
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          bodies.push(raw);
          const body = JSON.parse(raw || '{}') as OtlpJson;
          for (const resourceSpans of body.resourceSpans ?? []) {
            const service =
              resourceSpans.resource?.attributes?.find((item) => item.key === 'service.name')?.value
                .stringValue ?? '';
            for (const scope of resourceSpans.scopeSpans ?? [])
              for (const span of scope.spans ?? [])
                spans.push({
                  traceId: span.traceId,
                  spanId: span.spanId,
                  parentSpanId: span.parentSpanId ?? '',
                  name: span.name,
                  service,
                  raw: JSON.stringify(span),
                });
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new OtlpReceiver(server, `http://127.0.0.1:${port}`, spans, bodies);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
