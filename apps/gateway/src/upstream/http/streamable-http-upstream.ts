import type { StreamableHttpTransportConfig, UpstreamConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import type { JsonRpcMessage } from '../../jsonrpc/jsonrpc-message.js';
import { classifyMessage } from '../../jsonrpc/jsonrpc-message.js';
import type { UpstreamSessionRef } from '../../session/session-state.js';
import { initializeOverTransport } from '../initialize-upstream.js';
import {
  UpstreamError,
  type Upstream,
  type UpstreamCallContext,
  type UpstreamEvent,
  type UpstreamHealth,
  type UpstreamInitParams,
  type UpstreamReply,
  type UpstreamSessionOpened,
} from '../upstream.js';
import { readSseEvents } from './sse-events.js';
import { withUpstreamSpan } from '../../telemetry/spans.js';

const MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;

/** An upstream MCP server reached over Streamable HTTP; one upstream session per client session. */
export class StreamableHttpUpstream implements Upstream {
  readonly name: string;
  readonly namespace: string;
  capabilities: Record<string, unknown> | undefined;
  private readonly transport: StreamableHttpTransportConfig;
  private readonly url: URL;
  private readonly pool: Pool;
  private lastHealth: UpstreamHealth = { state: 'unknown' };

  constructor(
    readonly config: UpstreamConfig & { transport: StreamableHttpTransportConfig },
    namespace: string,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.namespace = namespace;
    this.transport = config.transport;
    this.url = new URL(config.transport.url);
    this.pool = new Pool(this.url.origin, {
      connections: 256,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    });
  }

  health(): UpstreamHealth {
    return this.lastHealth;
  }

  async probe(): Promise<UpstreamHealth> {
    try {
      const opened = await this.openSession({
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'gatehouse-probe', version: '1' },
      });
      this.capabilities = opened.capabilities;
      await this.closeSession(opened);
      this.lastHealth = { state: 'ready', checkedAt: new Date().toISOString() };
    } catch (error) {
      this.lastHealth = {
        state: 'down',
        detail: (error as Error).message,
        checkedAt: new Date().toISOString(),
      };
    }
    return this.lastHealth;
  }

  async openSession(params: UpstreamInitParams): Promise<UpstreamSessionOpened> {
    const opened = await initializeOverTransport(this.name, params, async (message, ref) =>
      this.sendWithHeaders(ref, message, { sessionId: 'initialize' }),
    );
    this.capabilities = opened.capabilities;
    return opened;
  }

  async send(
    ref: UpstreamSessionRef,
    message: JsonRpcMessage,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply> {
    const { reply } = await this.sendWithHeaders(ref, message, context);
    return reply;
  }

  private async sendWithHeaders(
    ref: UpstreamSessionRef | undefined,
    message: JsonRpcMessage,
    context: UpstreamCallContext,
  ): Promise<{ reply: UpstreamReply; sessionId: string | undefined }> {
    const response = await this.request(
      {
        method: 'POST',
        headers: {
          ...this.baseHeaders(ref),
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(message),
      },
      context.signal,
    );
    const sessionHeader = response.headers['mcp-session-id'];
    const sessionId = typeof sessionHeader === 'string' ? sessionHeader : undefined;
    if (response.statusCode === 202 || response.statusCode === 204) {
      await response.body.dump();
      return { reply: { kind: 'accepted' }, sessionId };
    }
    await this.failOnStatus(ref, response);
    return { reply: await this.readReply(response), sessionId };
  }

  async openStream(
    ref: UpstreamSessionRef,
    lastEventId: string | undefined,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply | undefined> {
    const headers: Record<string, string> = {
      ...this.baseHeaders(ref),
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await this.request({ method: 'GET', headers, bodyTimeout: 0 }, context.signal);
    if (response.statusCode === 405) {
      await response.body.dump();
      return undefined;
    }
    await this.failOnStatus(ref, response);
    return this.readReply(response);
  }

  async closeSession(ref: UpstreamSessionRef): Promise<void> {
    if (ref.sid === undefined) return;
    try {
      const response = await this.request(
        { method: 'DELETE', headers: this.baseHeaders(ref) },
        undefined,
      );
      await response.body.dump();
    } catch (error) {
      this.logger.debug(
        { upstream: this.name, err: (error as Error).message },
        'upstream session close failed',
      );
    }
  }

  /** Lets requests in flight finish for a moment, then cuts what is left (long-lived streams). */
  async close(graceMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.pool.destroy().then(resolve, resolve);
      }, graceMs);
    });
    await Promise.race([this.pool.close(), cut]);
    clearTimeout(timer);
  }

  private baseHeaders(ref: UpstreamSessionRef | undefined): Record<string, string> {
    const headers: Record<string, string> = { ...this.transport.headers };
    if (ref?.sid !== undefined) headers['mcp-session-id'] = ref.sid;
    if (ref?.pv !== undefined) headers['mcp-protocol-version'] = ref.pv;
    return headers;
  }

  private async request(
    options: {
      method: 'GET' | 'POST' | 'DELETE';
      headers: Record<string, string>;
      body?: string;
      bodyTimeout?: number;
    },
    signal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    try {
      // A client span per upstream request; its W3C trace context goes in the headers.
      return await withUpstreamSpan(this.name, options.method, options.headers, (headers) =>
        this.pool.request({
          path: this.url.pathname + this.url.search,
          method: options.method,
          headers,
          body: options.body ?? null,
          signal: signal ?? null,
          ...(options.bodyTimeout !== undefined ? { bodyTimeout: options.bodyTimeout } : {}),
        }),
      );
    } catch (error) {
      if (
        error instanceof undiciErrors.HeadersTimeoutError ||
        error instanceof undiciErrors.BodyTimeoutError
      ) {
        throw new UpstreamError(
          this.name,
          'timeout',
          `upstream "${this.name}" did not answer in ${this.config.timeoutMs} ms`,
        );
      }
      throw new UpstreamError(
        this.name,
        'unavailable',
        `upstream "${this.name}" is unreachable: ${(error as Error).message}`,
      );
    }
  }

  /** 404 on a session request means the upstream forgot the session; other errors are failures. */
  private async failOnStatus(
    ref: UpstreamSessionRef | undefined,
    response: Dispatcher.ResponseData,
  ): Promise<void> {
    if (response.statusCode >= 200 && response.statusCode < 300) return;
    const text = (await response.body.text()).slice(0, 500);
    const lost =
      ref?.sid !== undefined &&
      (response.statusCode === 404 || (response.statusCode === 400 && /session/i.test(text)));
    if (lost)
      throw new UpstreamError(
        this.name,
        'session-lost',
        `upstream "${this.name}" no longer knows the session`,
      );
    // A JSON-RPC error body is still an answer the client should see.
    const parsed = safeJson(text);
    if (parsed !== undefined) {
      const classified = classifyMessage(parsed);
      if (classified.kind === 'response' && 'error' in classified.message) {
        throw new UpstreamError(
          this.name,
          'protocol',
          `upstream "${this.name}" answered HTTP ${response.statusCode}: ${classified.message.error.message}`,
        );
      }
    }
    throw new UpstreamError(
      this.name,
      'protocol',
      `upstream "${this.name}" answered HTTP ${response.statusCode}`,
    );
  }

  private async readReply(response: Dispatcher.ResponseData): Promise<UpstreamReply> {
    const contentType = String(response.headers['content-type'] ?? '');
    if (contentType.includes('text/event-stream')) {
      return { kind: 'stream', events: this.translateEvents(response) };
    }
    const text = await response.body.text();
    if (text.length > MAX_JSON_BODY_BYTES) {
      throw new UpstreamError(
        this.name,
        'protocol',
        `upstream "${this.name}" sent an oversized body`,
      );
    }
    const parsed = safeJson(text);
    const classified = classifyMessage(parsed);
    if (classified.kind === 'invalid') {
      throw new UpstreamError(
        this.name,
        'protocol',
        `upstream "${this.name}" sent an invalid JSON-RPC message: ${classified.reason}`,
      );
    }
    return { kind: 'single', message: classified.message };
  }

  private async *translateEvents(response: Dispatcher.ResponseData): AsyncGenerator<UpstreamEvent> {
    try {
      for await (const raw of readSseEvents(response.body)) {
        const event: UpstreamEvent = {};
        if (raw.id !== undefined && raw.id !== '') event.eventId = raw.id;
        if (raw.retryMs !== undefined) event.retryMs = raw.retryMs;
        if (raw.data.trim() !== '') {
          const classified = classifyMessage(safeJson(raw.data));
          if (classified.kind === 'invalid') {
            this.logger.warn(
              { upstream: this.name, reason: classified.reason },
              'dropped an invalid message from upstream',
            );
            continue;
          }
          event.message = classified.message;
        }
        yield event;
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      if (error instanceof undiciErrors.BodyTimeoutError) {
        throw new UpstreamError(
          this.name,
          'timeout',
          `upstream "${this.name}" went silent for ${this.config.timeoutMs} ms`,
        );
      }
      throw new UpstreamError(
        this.name,
        'unavailable',
        `upstream "${this.name}" stream broke: ${(error as Error).message}`,
      );
    } finally {
      response.body.destroy();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
