import { splitQualifiedName } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type {
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../jsonrpc/jsonrpc-message.js';
import { isRecordValue } from '../jsonrpc/jsonrpc-message.js';
import type { CallGovernor } from '../limits/call-governor.js';
import { provisionalAllowance } from '../limits/provisional-allowance.js';
import { upstreamCanceller } from '../limits/upstream-cancellation.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import type { SessionState } from '../session/session-state.js';
import type { Upstream } from '../upstream/upstream.js';
import { jsonReply, type DownstreamReply } from './downstream-reply.js';
import { ListAggregator, offers, type ListKind } from './list-aggregator.js';
import { decodeRelayedRequestId } from './relayed-request-ids.js';
import { ResourceRouter } from './resource-router.js';
import { SessionUpstreams } from './session-upstreams.js';
import { UpstreamRelay } from './upstream-relay.js';

const LIST_METHODS: Record<string, { kind: ListKind; key: string }> = {
  'tools/list': { kind: 'tools', key: 'tools' },
  'prompts/list': { kind: 'prompts', key: 'prompts' },
  'resources/list': { kind: 'resources', key: 'resources' },
  'resources/templates/list': { kind: 'resourceTemplates', key: 'resourceTemplates' },
};

/**
 * The one MCP server a client sees: answers what the gateway itself knows (ping, lists built
 * from every upstream) and routes the rest to the upstream that owns the name or URI.
 */
export class VirtualServer {
  readonly sessions: SessionUpstreams;
  readonly relay: UpstreamRelay;
  private readonly resources = new ResourceRouter();
  private readonly lists: ListAggregator;

  constructor(
    private readonly logger: Logger,
    /** Budgets and backpressure on tools/call; absent = calls are relayed as they come. */
    private readonly governor?: CallGovernor,
  ) {
    this.sessions = new SessionUpstreams(logger);
    this.relay = new UpstreamRelay(this.sessions, logger);
    this.lists = new ListAggregator(this.relay, this.resources, logger);
  }

  async handleRequest(
    runtime: RuntimeConfig,
    session: SessionState,
    request: JsonRpcRequest,
    signal: AbortSignal | undefined,
  ): Promise<DownstreamReply> {
    const method = request.method;
    if (method === 'ping') return jsonReply({ jsonrpc: '2.0', id: request.id, result: {} });
    const list = LIST_METHODS[method];
    if (list !== undefined) {
      const items = await this.lists.list(runtime, session, list.kind, signal);
      return jsonReply({ jsonrpc: '2.0', id: request.id, result: { [list.key]: items } });
    }
    switch (method) {
      case 'tools/call':
      case 'prompts/get':
        return this.routeByName(runtime, session, request, signal);
      case 'resources/read':
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return this.routeByUri(runtime, session, request, signal);
      case 'completion/complete':
        return this.routeCompletion(runtime, session, request, signal);
      case 'logging/setLevel':
        return this.setLogLevel(runtime, session, request);
      case 'initialize':
        return jsonReply(
          errorResponse(
            request.id,
            JsonRpcErrorCode.InvalidRequest,
            'the session is already initialized',
          ),
        );
      default:
        return jsonReply(
          errorResponse(request.id, JsonRpcErrorCode.MethodNotFound, `Method not found: ${method}`),
        );
    }
  }

  /** Notifications from the client: cancellations and roots changes reach every upstream of the session. */
  async handleNotification(
    runtime: RuntimeConfig,
    session: SessionState,
    notification: JsonRpcNotification,
  ): Promise<void> {
    if (notification.method === 'notifications/initialized') return;
    await Promise.all(
      runtime.enabledUpstreams.map((upstream) =>
        this.relay.forward(session, upstream, notification),
      ),
    );
  }

  /** The client's answer to an upstream's request goes back to the upstream its id names. */
  async handleResponse(
    runtime: RuntimeConfig,
    session: SessionState,
    response: JsonRpcResponse,
  ): Promise<void> {
    const decoded = decodeRelayedRequestId(response.id);
    const upstream = decoded === undefined ? undefined : runtime.upstream(decoded.upstream);
    if (decoded === undefined || upstream === undefined) {
      this.logger.warn(
        { session: session.id, id: response.id },
        'response to an unknown request dropped',
      );
      return;
    }
    await this.relay.forward(session, upstream, { ...response, id: decoded.id });
  }

  private async routeByName(
    runtime: RuntimeConfig,
    session: SessionState,
    request: JsonRpcRequest,
    signal: AbortSignal | undefined,
  ): Promise<DownstreamReply> {
    const noun = request.method === 'tools/call' ? 'tool' : 'prompt';
    const name = request.params?.name;
    if (typeof name !== 'string') {
      return jsonReply(
        errorResponse(
          request.id,
          JsonRpcErrorCode.InvalidParams,
          `params.name must name a ${noun}`,
        ),
      );
    }
    const target = resolveName(runtime, name);
    const disabled =
      noun === 'tool' &&
      target !== undefined &&
      !runtime.isToolEnabled(target.upstream.name, target.name);
    if (target === undefined || disabled) {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, `Unknown ${noun}: ${name}`),
      );
    }
    const forwarded: JsonRpcRequest = {
      ...request,
      params: { ...request.params, name: target.name },
    };
    if (noun !== 'tool' || this.governor === undefined)
      return this.relay.relayRequest(session, target.upstream, forwarded, signal);
    // Budgets and backpressure, after the policy's allowance. SEAM: identity and limits come
    // from provisionalAllowance until decideToolCall's allowance (identity, allowance.limits) is here.
    const { identity, limits } = provisionalAllowance(
      runtime.config,
      target.upstream.name,
      target.name,
    );
    return this.governor.govern(
      {
        identity,
        limits,
        upstream: target.upstream.name,
        tool: target.name,
        qualifiedName: name,
        requestId: request.id,
        redis: runtime.config.redis,
        signal,
        cancelUpstream: upstreamCanceller(this.relay, session, target.upstream, request.id),
      },
      (governed) => this.relay.relayRequest(session, target.upstream, forwarded, governed),
    );
  }

  private async routeByUri(
    runtime: RuntimeConfig,
    session: SessionState,
    request: JsonRpcRequest,
    signal: AbortSignal | undefined,
  ): Promise<DownstreamReply> {
    const uri = request.params?.uri;
    if (typeof uri !== 'string') {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, 'params.uri must be a string'),
      );
    }
    const upstream = await this.ownerOfUri(runtime, session, uri, signal);
    if (upstream === undefined) {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.ResourceNotFound, `Resource not found: ${uri}`, {
          uri,
        }),
      );
    }
    return this.relay.relayRequest(session, upstream, request, signal);
  }

  private async routeCompletion(
    runtime: RuntimeConfig,
    session: SessionState,
    request: JsonRpcRequest,
    signal: AbortSignal | undefined,
  ): Promise<DownstreamReply> {
    const ref = request.params?.ref;
    if (!isRecordValue(ref)) {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, 'params.ref must be an object'),
      );
    }
    if (ref.type === 'ref/prompt' && typeof ref.name === 'string') {
      const target = resolveName(runtime, ref.name);
      if (target === undefined) {
        return jsonReply(
          errorResponse(request.id, JsonRpcErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`),
        );
      }
      const forwarded: JsonRpcRequest = {
        ...request,
        params: { ...request.params, ref: { ...ref, name: target.name } },
      };
      return this.relay.relayRequest(session, target.upstream, forwarded, signal);
    }
    if (ref.type === 'ref/resource' && typeof ref.uri === 'string') {
      const upstream = await this.ownerOfUri(runtime, session, ref.uri, signal);
      if (upstream === undefined) {
        return jsonReply(
          errorResponse(
            request.id,
            JsonRpcErrorCode.InvalidParams,
            `Unknown resource template: ${ref.uri}`,
          ),
        );
      }
      return this.relay.relayRequest(session, upstream, request, signal);
    }
    return jsonReply(
      errorResponse(
        request.id,
        JsonRpcErrorCode.InvalidParams,
        'params.ref must be a ref/prompt or ref/resource',
      ),
    );
  }

  private async setLogLevel(
    runtime: RuntimeConfig,
    session: SessionState,
    request: JsonRpcRequest,
  ): Promise<DownstreamReply> {
    const targets = runtime.enabledUpstreams.filter((upstream) => offers(upstream, 'logging'));
    await Promise.all(targets.map((upstream) => this.relay.forward(session, upstream, request)));
    return jsonReply({ jsonrpc: '2.0', id: request.id, result: {} });
  }

  private async ownerOfUri(
    runtime: RuntimeConfig,
    session: SessionState,
    uri: string,
    signal: AbortSignal | undefined,
  ): Promise<Upstream | undefined> {
    const candidates = runtime.enabledUpstreams.filter((upstream) => offers(upstream, 'resources'));
    if (candidates.length <= 1) return candidates[0];
    const known = this.resources.ownerOf(uri);
    if (known !== undefined && runtime.upstream(known) !== undefined)
      return runtime.upstream(known);
    await Promise.all([
      this.lists.list(runtime, session, 'resources', signal),
      this.lists.list(runtime, session, 'resourceTemplates', signal),
    ]);
    const learned = this.resources.ownerOf(uri);
    return learned === undefined ? undefined : runtime.upstream(learned);
  }
}

/** `<namespace>__<name>` finds its upstream; anything else belongs to the upstream without prefix. */
export function resolveName(
  runtime: RuntimeConfig,
  qualified: string,
): { upstream: Upstream; name: string } | undefined {
  const split = splitQualifiedName(qualified);
  if (split !== undefined) {
    const upstream = runtime.upstreamForNamespace(split.namespace);
    if (upstream !== undefined && split.namespace !== '') return { upstream, name: split.name };
  }
  const bare = runtime.upstreamForNamespace('');
  return bare === undefined ? undefined : { upstream: bare, name: qualified };
}
