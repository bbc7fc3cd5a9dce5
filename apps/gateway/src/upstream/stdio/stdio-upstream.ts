import type { StdioTransportConfig, UpstreamConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId, JsonRpcMessage, JsonRpcRequest } from '../../jsonrpc/jsonrpc-message.js';
import { classifyMessage, isRecordValue } from '../../jsonrpc/jsonrpc-message.js';
import { LATEST_PROTOCOL_VERSION, isSupportedProtocolVersion } from '../../mcp/protocol-versions.js';
import { AsyncChannel } from '../../runtime/async-channel.js';
import type { UpstreamSessionRef } from '../../session/session-state.js';
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
import { StdioCallTable } from './stdio-call-table.js';
import { StdioProcess, type StdioExitInfo } from './stdio-process.js';

/** What the node declares to its stdio child: it relays all of these to its clients. */
const CHILD_CLIENT_CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };
const READY_WAIT_CAP_MS = 30_000;

/**
 * An upstream MCP server run as a child process of this node. One child serves every client
 * session on the node, so request ids and progress tokens are rewritten to be unique, and
 * messages the child sends unprompted go to the call in flight or to open GET streams.
 */
export class StdioUpstream implements Upstream {
  readonly name: string;
  readonly namespace: string;
  capabilities: Record<string, unknown> | undefined;
  private protocolVersion: string = LATEST_PROTOCOL_VERSION;
  private readonly child: StdioProcess;
  private readonly calls = new StdioCallTable();
  private readonly streams = new Map<string, Set<AsyncChannel<UpstreamEvent>>>();
  private ready!: Promise<void>;
  private markReady!: () => void;
  private handshakeId: string | undefined;
  private handshakes = 0;
  private started = false;
  private lastHealth: UpstreamHealth = { state: 'unknown' };

  constructor(
    readonly config: UpstreamConfig & { transport: StdioTransportConfig },
    namespace: string,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.namespace = namespace;
    this.resetReady();
    const transport = config.transport;
    this.child = new StdioProcess({
      name: config.name,
      command: transport.command,
      args: transport.args,
      env: transport.env,
      ...(transport.cwd === undefined ? {} : { cwd: transport.cwd }),
      restart: transport.restart,
      stderrMaxBytes: transport.stderrMaxBytes,
      logger: logger.child({ upstream: config.name }),
    });
    this.child.on('spawn', () => this.handshake());
    this.child.on('message', (message) => this.onChildMessage(message));
    this.child.on('exit', (info) => this.onChildExit(info));
  }

  health(): UpstreamHealth {
    return this.lastHealth;
  }

  async probe(): Promise<UpstreamHealth> {
    try {
      await this.whenReady();
      this.lastHealth = { state: 'ready', checkedAt: new Date().toISOString() };
    } catch (error) {
      this.lastHealth = { state: 'down', detail: (error as Error).message, checkedAt: new Date().toISOString() };
    }
    return this.lastHealth;
  }

  async openSession(_params: UpstreamInitParams): Promise<UpstreamSessionOpened> {
    await this.whenReady();
    return { pv: this.protocolVersion, capabilities: this.capabilities ?? {} };
  }

  async send(_ref: UpstreamSessionRef, message: JsonRpcMessage, context: UpstreamCallContext): Promise<UpstreamReply> {
    await this.whenReady();
    if ('method' in message && 'id' in message) return this.call(message, context);
    if ('method' in message) {
      const translated = message.method === 'notifications/cancelled' ? this.calls.translateCancel(message, context.sessionId) : message;
      if (translated !== undefined) this.child.send(translated);
      return { kind: 'accepted' };
    }
    // The client's answer to a request the child sent: its id is already the child's own.
    this.child.send(message);
    return { kind: 'accepted' };
  }

  async openStream(_ref: UpstreamSessionRef, _lastEventId: string | undefined, context: UpstreamCallContext): Promise<UpstreamReply> {
    this.ensureStarted();
    const channel = new AsyncChannel<UpstreamEvent>(1_000);
    let set = this.streams.get(context.sessionId);
    if (set === undefined) {
      set = new Set();
      this.streams.set(context.sessionId, set);
    }
    set.add(channel);
    const streams = this.streams;
    const sessionId = context.sessionId;
    context.signal?.addEventListener('abort', () => channel.close(), { once: true });
    async function* events(): AsyncGenerator<UpstreamEvent> {
      try {
        for await (const event of channel) yield event;
      } finally {
        const current = streams.get(sessionId);
        current?.delete(channel);
        if (current?.size === 0) streams.delete(sessionId);
      }
    }
    return { kind: 'stream', events: events() };
  }

  async closeSession(_ref: UpstreamSessionRef): Promise<void> {
    // The child is shared by the node's sessions; one client leaving does not stop it.
  }

  async close(): Promise<void> {
    this.calls.failAll((id) => errorResponse(id, JsonRpcErrorCode.UpstreamUnavailable, `upstream "${this.name}" is shutting down`));
    for (const set of this.streams.values()) for (const channel of set) channel.close();
    await this.child.stop();
  }

  private call(request: JsonRpcRequest, context: UpstreamCallContext): UpstreamReply {
    const { message, channel } = this.calls.open(request, context.sessionId, this.config.timeoutMs, (internalId, originalId) => {
      this.child.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: internalId, reason: 'timeout' } });
      return errorResponse(originalId, JsonRpcErrorCode.UpstreamTimeout, `upstream "${this.name}" did not answer in ${this.config.timeoutMs} ms`);
    });
    if (!this.child.send(message)) {
      this.calls.fail(message.id, errorResponse(request.id, JsonRpcErrorCode.UpstreamUnavailable, `upstream "${this.name}" is not running; it is being restarted`));
    }
    return { kind: 'stream', events: channel };
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.child.start();
  }

  private async whenReady(): Promise<void> {
    this.ensureStarted();
    const wait = Math.min(this.config.timeoutMs, READY_WAIT_CAP_MS);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UpstreamError(this.name, 'unavailable', `upstream "${this.name}" is not ready (${this.child.state}); see its log`)), wait);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private resetReady(): void {
    this.ready = new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
    // A caller that gives up waiting must not leave an unhandled rejection behind.
    this.ready.catch(() => undefined);
  }

  private handshake(): void {
    this.handshakes += 1;
    this.handshakeId = `gatehouse-init-${this.handshakes}`;
    this.child.send({
      jsonrpc: '2.0',
      id: this.handshakeId,
      method: 'initialize',
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: CHILD_CLIENT_CAPABILITIES,
        clientInfo: { name: 'gatehouse', version: '0.1.0' },
      },
    });
  }

  private onHandshakeAnswer(message: JsonRpcMessage): void {
    this.handshakeId = undefined;
    if (!('result' in message) || !isSupportedProtocolVersion(message.result.protocolVersion)) {
      const reason = 'error' in message ? message.error.message : 'unsupported protocol version';
      this.logger.error({ upstream: this.name, reason }, 'stdio upstream refused initialize');
      this.lastHealth = { state: 'down', detail: `initialize failed: ${reason}`, checkedAt: new Date().toISOString() };
      return;
    }
    this.protocolVersion = message.result.protocolVersion;
    this.capabilities = isRecordValue(message.result.capabilities) ? message.result.capabilities : {};
    this.child.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    this.lastHealth = { state: 'ready', checkedAt: new Date().toISOString() };
    this.logger.info({ upstream: this.name, pid: this.child.pid, protocolVersion: this.protocolVersion }, 'stdio upstream ready');
    this.markReady();
  }

  private onChildMessage(raw: unknown): void {
    const classified = classifyMessage(raw);
    if (classified.kind === 'invalid') {
      this.logger.warn({ upstream: this.name, reason: classified.reason }, 'dropped an invalid message from a stdio upstream');
      return;
    }
    if (classified.kind === 'response') {
      const response = classified.message;
      if (this.handshakeId !== undefined && response.id === this.handshakeId) this.onHandshakeAnswer(response);
      else this.calls.answer(response);
      return;
    }
    const message = classified.message;
    if (classified.kind === 'notification' && this.calls.deliverProgress(classified.message)) return;
    const target = this.calls.newestChannel();
    const unprompted = classified.kind === 'notification' && /list_changed$|^notifications\/resources\/updated$/.test(classified.message.method);
    if (target !== undefined && !unprompted) {
      target.push({ message });
      return;
    }
    if (!this.broadcast(message) && classified.kind === 'request') {
      this.child.send(errorResponse(classified.message.id, JsonRpcErrorCode.InternalError, 'no client is connected to answer this request'));
    }
  }

  private broadcast(message: JsonRpcMessage): boolean {
    let delivered = false;
    for (const set of this.streams.values()) {
      for (const channel of set) {
        channel.push({ message });
        delivered = true;
      }
    }
    return delivered;
  }

  private onChildExit(info: StdioExitInfo): void {
    this.resetReady();
    this.handshakeId = undefined;
    const how = info.error?.message ?? (info.signal !== null ? `signal ${info.signal}` : `exit code ${String(info.code)}`);
    const next = info.willRestart ? `; restarting in ${String(info.delayMs)} ms` : '';
    this.lastHealth = { state: 'down', detail: `${how}${next}`, checkedAt: new Date().toISOString() };
    this.calls.failAll((id: JsonRpcId) =>
      errorResponse(id, JsonRpcErrorCode.UpstreamUnavailable, `upstream "${this.name}" exited (${how}) before answering${next}`),
    );
  }
}
