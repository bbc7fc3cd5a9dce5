import type { StdioTransportConfig, UpstreamConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../../jsonrpc/jsonrpc-errors.js';
import type {
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../../jsonrpc/jsonrpc-message.js';
import { classifyMessage, isRecordValue } from '../../jsonrpc/jsonrpc-message.js';
import {
  LATEST_PROTOCOL_VERSION,
  isSupportedProtocolVersion,
} from '../../mcp/protocol-versions.js';
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
import { ChildMessageRouter, type ChildStreamEntry } from './child-message-router.js';
import { ChildRequestIds } from './child-request-ids.js';
import { StdioCallTable } from './stdio-call-table.js';
import { StdioProcess, type StdioExitInfo } from './stdio-process.js';

/** What the node declares to its stdio child: it relays all of these to its clients. */
const CHILD_CLIENT_CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };
const READY_WAIT_CAP_MS = 30_000;

/**
 * One child process running an upstream MCP server, shared by the client sessions its scope
 * gives it (all of the node's, or one session's). Request ids and progress tokens are rewritten
 * to be unique, and messages the child sends without naming a call go only where they can
 * unambiguously belong.
 */
export class StdioChildConnection implements Omit<Upstream, 'namespace'> {
  readonly name: string;
  /** When the connection last carried anything: idle per-session children are stopped. */
  lastUsedAt = Date.now();
  capabilities: Record<string, unknown> | undefined;
  private protocolVersion: string = LATEST_PROTOCOL_VERSION;
  private readonly child: StdioProcess;
  private readonly calls = new StdioCallTable();
  private readonly streams = new Map<string, ChildStreamEntry>();
  private readonly childRequests = new ChildRequestIds();
  private readonly router: ChildMessageRouter;
  private serverInfo: Record<string, unknown> | undefined;
  private instructions: string | undefined;
  private ready!: Promise<void>;
  private markReady!: () => void;
  private handshakeId: string | undefined;
  private handshakes = 0;
  private started = false;
  private lastHealth: UpstreamHealth = { state: 'unknown' };

  constructor(
    readonly config: UpstreamConfig & { transport: StdioTransportConfig },
    private readonly logger: Logger,
  ) {
    this.name = config.name;
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
      logger,
    });
    this.router = new ChildMessageRouter(
      this.name,
      this.calls,
      this.streams,
      this.childRequests,
      (message) => this.child.send(message),
      logger,
    );
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
      this.lastHealth = {
        state: 'down',
        detail: (error as Error).message,
        checkedAt: new Date().toISOString(),
      };
    }
    return this.lastHealth;
  }

  async openSession(_params: UpstreamInitParams): Promise<UpstreamSessionOpened> {
    await this.whenReady();
    const opened: UpstreamSessionOpened = {
      pv: this.protocolVersion,
      capabilities: this.capabilities ?? {},
    };
    if (this.serverInfo !== undefined) opened.serverInfo = this.serverInfo;
    if (this.instructions !== undefined) opened.instructions = this.instructions;
    return opened;
  }

  /** Calls in flight plus open streams: a busy child is never stopped for idleness. */
  get busy(): boolean {
    return this.calls.inFlight > 0 || this.streams.size > 0;
  }

  async send(
    _ref: UpstreamSessionRef,
    message: JsonRpcMessage,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply> {
    this.lastUsedAt = Date.now();
    await this.whenReady();
    if ('method' in message && 'id' in message) return this.call(message, context);
    if ('method' in message) {
      const translated =
        message.method === 'notifications/cancelled'
          ? this.calls.cancel(message, context.sessionId)
          : message;
      if (translated !== undefined) this.child.send(translated);
      return { kind: 'accepted' };
    }
    this.answerChild(message);
    return { kind: 'accepted' };
  }

  /** The client's answer to a request the child sent: only to this node's child, under its own id. */
  private answerChild(response: JsonRpcResponse): void {
    const childId = this.childRequests.redeem(response.id);
    if (childId === undefined) {
      this.logger.warn(
        { upstream: this.name, id: response.id },
        'answer to a stdio request this node did not send dropped (stdio upstreams need session affinity for server→client requests)',
      );
      return;
    }
    this.child.send({ ...response, id: childId });
  }

  async openStream(
    _ref: UpstreamSessionRef,
    _lastEventId: string | undefined,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply> {
    this.ensureStarted();
    const channel = new AsyncChannel<UpstreamEvent>(1_000);
    let entry = this.streams.get(context.sessionId);
    if (entry === undefined) {
      entry = { capabilities: context.clientCapabilities ?? {}, channels: new Set() };
      this.streams.set(context.sessionId, entry);
    }
    entry.channels.add(channel);
    const streams = this.streams;
    const sessionId = context.sessionId;
    context.signal?.addEventListener('abort', () => channel.close(), { once: true });
    async function* events(): AsyncGenerator<UpstreamEvent> {
      try {
        for await (const event of channel) yield event;
      } finally {
        const current = streams.get(sessionId);
        current?.channels.delete(channel);
        if (current?.channels.size === 0) streams.delete(sessionId);
      }
    }
    return { kind: 'stream', events: events() };
  }

  async closeSession(_ref: UpstreamSessionRef): Promise<void> {
    // The child is shared by the node's sessions; one client leaving does not stop it.
  }

  async close(): Promise<void> {
    this.calls.failAll((id) =>
      this.error(
        id,
        JsonRpcErrorCode.UpstreamUnavailable,
        `upstream "${this.name}" is shutting down`,
      ),
    );
    for (const entry of this.streams.values())
      for (const channel of entry.channels) channel.close();
    await this.child.stop();
  }

  private call(request: JsonRpcRequest, context: UpstreamCallContext): UpstreamReply {
    const { message, channel } = this.calls.open(
      request,
      context.sessionId,
      this.config.timeoutMs,
      (internalId, originalId) => {
        this.cancelOnChild(internalId, 'timeout');
        return this.error(
          originalId,
          JsonRpcErrorCode.UpstreamTimeout,
          `upstream "${this.name}" did not answer in ${this.config.timeoutMs} ms`,
        );
      },
    );
    // A stdio child cannot replay a stream: a client that hangs up can never get the answer.
    context.signal?.addEventListener(
      'abort',
      () => {
        if (this.calls.abandon(message.id)) this.cancelOnChild(message.id, 'client disconnected');
      },
      { once: true },
    );
    if (!this.child.send(message)) {
      this.calls.fail(
        message.id,
        this.error(
          request.id,
          JsonRpcErrorCode.UpstreamUnavailable,
          `upstream "${this.name}" is not running; it is being restarted`,
        ),
      );
    }
    return { kind: 'stream', events: channel };
  }

  private cancelOnChild(internalId: number, reason: string): void {
    this.child.send({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: internalId, reason },
    });
  }

  private error(id: JsonRpcId, code: number, message: string): JsonRpcMessage {
    return errorResponse(id, code, message, { upstream: this.name });
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
          timer = setTimeout(
            () =>
              reject(
                new UpstreamError(
                  this.name,
                  'unavailable',
                  `upstream "${this.name}" is not ready (${this.child.state}); see its log`,
                ),
              ),
            wait,
          );
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
      this.lastHealth = {
        state: 'down',
        detail: `initialize failed: ${reason}`,
        checkedAt: new Date().toISOString(),
      };
      return;
    }
    this.protocolVersion = message.result.protocolVersion;
    this.capabilities = isRecordValue(message.result.capabilities)
      ? message.result.capabilities
      : {};
    this.serverInfo = isRecordValue(message.result.serverInfo)
      ? message.result.serverInfo
      : undefined;
    this.instructions =
      typeof message.result.instructions === 'string' ? message.result.instructions : undefined;
    this.child.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    this.lastHealth = { state: 'ready', checkedAt: new Date().toISOString() };
    this.logger.info(
      { upstream: this.name, pid: this.child.pid, protocolVersion: this.protocolVersion },
      'stdio upstream ready',
    );
    this.markReady();
  }

  private onChildMessage(raw: unknown): void {
    const classified = classifyMessage(raw);
    if (classified.kind === 'invalid') {
      this.logger.warn(
        { upstream: this.name, reason: classified.reason },
        'dropped an invalid message from a stdio upstream',
      );
      return;
    }
    if (classified.kind === 'response') {
      const response = classified.message;
      if (this.handshakeId !== undefined && response.id === this.handshakeId)
        this.onHandshakeAnswer(response);
      else this.calls.answer(response);
      return;
    }
    if (classified.kind === 'request') this.router.routeRequest(classified.message);
    else this.router.routeNotification(classified.message);
  }

  private onChildExit(info: StdioExitInfo): void {
    this.resetReady();
    this.handshakeId = undefined;
    const how =
      info.error?.message ??
      (info.signal !== null ? `signal ${info.signal}` : `exit code ${String(info.code)}`);
    const next = info.willRestart ? `; restarting in ${String(info.delayMs)} ms` : '';
    this.lastHealth = {
      state: 'down',
      detail: `${how}${next}`,
      checkedAt: new Date().toISOString(),
    };
    this.calls.failAll((id: JsonRpcId) =>
      this.error(
        id,
        JsonRpcErrorCode.UpstreamUnavailable,
        `upstream "${this.name}" exited (${how}) before answering${next}`,
      ),
    );
  }
}
