import type {
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../../jsonrpc/jsonrpc-message.js';
import { isRecordValue } from '../../jsonrpc/jsonrpc-message.js';
import { AsyncChannel } from '../../runtime/async-channel.js';
import type { UpstreamEvent } from '../upstream.js';

interface PendingCall {
  originalId: JsonRpcId;
  sessionId: string;
  channel: AsyncChannel<UpstreamEvent>;
  progressToken?: { internal: string; original: string | number };
  timer: NodeJS.Timeout;
}

/**
 * Calls in flight on a shared stdio child. Clients choose their own ids and progress tokens, so
 * two sessions can collide: each call gets a node-unique id and token, mapped back on the way out.
 */
export class StdioCallTable {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly byToken = new Map<string, number>();

  open(
    request: JsonRpcRequest,
    sessionId: string,
    timeoutMs: number,
    onTimeout: (internalId: number, originalId: JsonRpcId) => JsonRpcMessage,
  ): { message: JsonRpcRequest & { id: number }; channel: AsyncChannel<UpstreamEvent> } {
    const id = this.nextId++;
    const channel = new AsyncChannel<UpstreamEvent>(10_000);
    const timer = setTimeout(() => this.fail(id, onTimeout(id, request.id)), timeoutMs);
    timer.unref();
    const call: PendingCall = { originalId: request.id, sessionId, channel, timer };
    let params = request.params;
    const meta = params?._meta;
    if (
      isRecordValue(meta) &&
      (typeof meta.progressToken === 'string' || typeof meta.progressToken === 'number')
    ) {
      const internal = `gh-${id}`;
      call.progressToken = { internal, original: meta.progressToken };
      this.byToken.set(internal, id);
      params = { ...params, _meta: { ...meta, progressToken: internal } };
    }
    this.pending.set(id, call);
    const message = params === undefined ? { ...request, id } : { ...request, id, params };
    return { message, channel };
  }

  answer(response: JsonRpcResponse): boolean {
    if (typeof response.id !== 'number') return false;
    const call = this.take(response.id);
    if (call === undefined) return false;
    call.channel.push({ message: { ...response, id: call.originalId } });
    call.channel.close();
    return true;
  }

  fail(id: number, message: JsonRpcMessage): void {
    const call = this.take(id);
    if (call === undefined) return;
    call.channel.push({ message });
    call.channel.close();
  }

  failAll(errorFor: (originalId: JsonRpcId) => JsonRpcMessage): void {
    for (const id of [...this.pending.keys()]) {
      const call = this.pending.get(id);
      if (call !== undefined) this.fail(id, errorFor(call.originalId));
    }
  }

  /** Progress for one of our calls goes to that call only, with the client's own token. */
  deliverProgress(notification: JsonRpcNotification): boolean {
    if (notification.method !== 'notifications/progress') return false;
    const token = notification.params?.progressToken;
    const id = typeof token === 'string' ? this.byToken.get(token) : undefined;
    const call = id === undefined ? undefined : this.pending.get(id);
    if (call?.progressToken === undefined) return false;
    call.channel.push({
      message: {
        ...notification,
        params: { ...notification.params, progressToken: call.progressToken.original },
      },
    });
    return true;
  }

  /** A client's cancellation names its own request id: find our call for it in that session, and end it. */
  cancel(notification: JsonRpcNotification, sessionId: string): JsonRpcNotification | undefined {
    const requestId = notification.params?.requestId;
    for (const [id, call] of this.pending) {
      if (call.sessionId === sessionId && call.originalId === requestId) {
        this.take(id)?.channel.close();
        return { ...notification, params: { ...notification.params, requestId: id } };
      }
    }
    return undefined;
  }

  /** The client went away: the call is dropped here; the caller tells the child. */
  abandon(id: number): boolean {
    const call = this.take(id);
    call?.channel.close();
    return call !== undefined;
  }

  /**
   * Where a message the child sends without naming its call goes: the newest call in flight,
   * but only when every call in flight belongs to one session — otherwise nobody can tell
   * whose it is, and guessing would hand one client's data to another.
   */
  soleSessionChannel(): { sessionId: string; channel: AsyncChannel<UpstreamEvent> } | undefined {
    let newest: PendingCall | undefined;
    for (const call of this.pending.values()) {
      if (call.channel.isClosed) continue;
      if (newest !== undefined && newest.sessionId !== call.sessionId) return undefined;
      newest = call;
    }
    return newest === undefined
      ? undefined
      : { sessionId: newest.sessionId, channel: newest.channel };
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private take(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call === undefined) return undefined;
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (call.progressToken !== undefined) this.byToken.delete(call.progressToken.internal);
    return call;
  }
}
