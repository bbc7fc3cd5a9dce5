import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../../jsonrpc/jsonrpc-errors.js';
import type {
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
} from '../../jsonrpc/jsonrpc-message.js';
import type { AsyncChannel } from '../../runtime/async-channel.js';
import type { UpstreamEvent } from '../upstream.js';
import { capabilityFor, type ChildRequestIds } from './child-request-ids.js';
import type { StdioCallTable } from './stdio-call-table.js';

/** A client session's open GET streams on a stdio child, with the capabilities it declared. */
export interface ChildStreamEntry {
  capabilities: Record<string, unknown>;
  channels: Set<AsyncChannel<UpstreamEvent>>;
}

/**
 * Where the messages a stdio child sends of its own accord go: requests (sampling, elicitation,
 * roots) and notifications. Children are shared by sessions, so a message goes only where it
 * unambiguously belongs; otherwise requests are refused and notifications dropped.
 */
export class ChildMessageRouter {
  constructor(
    private readonly upstream: string,
    private readonly calls: StdioCallTable,
    private readonly streams: ReadonlyMap<string, ChildStreamEntry>,
    private readonly childRequests: ChildRequestIds,
    private readonly sendToChild: (message: JsonRpcMessage) => void,
    private readonly logger: Logger,
  ) {}

  /**
   * A request goes to exactly one client: the session whose call is in flight, or the one
   * session with an open stream that can answer it. When nobody or several could be meant, the
   * child gets an error rather than a guess.
   */
  routeRequest(request: JsonRpcRequest): void {
    const relayed: JsonRpcRequest = { ...request, id: this.childRequests.issue(request.id) };
    const sole = this.calls.soleSessionChannel();
    if (sole !== undefined) {
      sole.channel.push({ message: relayed });
      return;
    }
    const capability = capabilityFor(request.method);
    const candidates = [...this.streams.values()].filter(
      (entry) =>
        entry.channels.size > 0 && (capability === undefined || capability in entry.capabilities),
    );
    const only =
      candidates.length === 1 ? candidates[0]?.channels.values().next().value : undefined;
    if (only !== undefined) {
      only.push({ message: relayed });
      return;
    }
    this.childRequests.redeem(relayed.id);
    const reason =
      candidates.length === 0
        ? 'no connected client can answer this request'
        : `this request could be meant for any of ${candidates.length} sessions sharing the stdio upstream; none was asked`;
    // Nobody connected is common at start (servers ask for roots at once); ambiguity is worth a warning.
    const level = candidates.length === 0 ? 'debug' : 'warn';
    this.logger[level]({ upstream: this.upstream, method: request.method }, reason);
    this.sendToChild(errorResponse(request.id, JsonRpcErrorCode.InternalError, reason));
  }

  /** Progress finds its call by token; logging only reaches an unambiguous call; list changes reach every stream. */
  routeNotification(notification: JsonRpcNotification): void {
    if (this.calls.deliverProgress(notification)) return;
    if (/list_changed$|^notifications\/resources\/updated$/.test(notification.method)) {
      for (const entry of this.streams.values())
        for (const channel of entry.channels) channel.push({ message: notification });
      return;
    }
    const sole = this.calls.soleSessionChannel();
    if (sole !== undefined) {
      sole.channel.push({ message: notification });
      return;
    }
    const streams = [...this.streams.values()];
    if (streams.length === 1) {
      for (const channel of streams[0]?.channels ?? []) channel.push({ message: notification });
      return;
    }
    this.logger.debug(
      { upstream: this.upstream, method: notification.method },
      'stdio notification without a single recipient dropped',
    );
  }
}
