import { splitQualifiedName } from '@gatehouse/contracts';
import { canSeeUpstream, decideToolCall, resolveQualifiedName } from '@gatehouse/policy';
import type { AuthenticatedRequest } from '../auth/request-authenticator.js';
import { refusalReply } from '../auth/refusal-reply.js';
import { auditToolCall } from '../audit/audit-tool-call.js';
import type { CallRecorders } from '../audit/audit-tool-call.js';
import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type {
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../jsonrpc/jsonrpc-message.js';
import { isRecordValue } from '../jsonrpc/jsonrpc-message.js';
import type { CallGovernor } from '../limits/call-governor.js';
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
    /** Where each finished or refused tools/call is recorded (audit trail, call metrics). */
    private readonly calls: CallRecorders = {},
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
    /** Who is asking (authenticated by the HTTP layer): what they see and may call. */
    caller: AuthenticatedRequest,
  ): Promise<DownstreamReply> {
    const method = request.method;
    if (method === 'ping') return jsonReply({ jsonrpc: '2.0', id: request.id, result: {} });
    const list = LIST_METHODS[method];
    if (list !== undefined) {
      const items = await this.lists.list(runtime, session, list.kind, signal, caller.identity);
      return jsonReply({ jsonrpc: '2.0', id: request.id, result: { [list.key]: items } });
    }
    switch (method) {
      case 'tools/call':
        return auditToolCall(
          { logger: this.logger, ...this.calls },
          { identity: caller.identity, request },
          () => this.routeByName(runtime, session, request, signal, caller),
        );
      case 'prompts/get':
        return this.routeByName(runtime, session, request, signal, caller);
      case 'resources/read':
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return this.routeByUri(runtime, session, request, signal, caller);
      case 'completion/complete':
        return this.routeCompletion(runtime, session, request, signal, caller);
      case 'logging/setLevel':
        return this.setLogLevel(runtime, session, request, caller);
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
      runtime
        .upstreamsFor(session.t)
        .map((upstream) => this.relay.forward(session, upstream, notification)),
    );
  }

  /** The client's answer to an upstream's request goes back to the upstream its id names. */
  async handleResponse(
    runtime: RuntimeConfig,
    session: SessionState,
    response: JsonRpcResponse,
  ): Promise<void> {
    const decoded = decodeRelayedRequestId(response.id);
    const upstream =
      decoded === undefined
        ? undefined
        : runtime.upstreamsFor(session.t).find((candidate) => candidate.name === decoded.upstream);
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
    caller: AuthenticatedRequest,
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
    if (noun === 'prompt') {
      const target = resolveForCaller(runtime, caller, name);
      if (target === undefined)
        return jsonReply(
          errorResponse(request.id, JsonRpcErrorCode.InvalidParams, `Unknown prompt: ${name}`),
        );
      const forwarded = { ...request, params: { ...request.params, name: target.name } };
      return this.relay.relayRequest(session, target.upstream, forwarded, signal);
    }
    // Enforcement steps 2-4 (libs/policy): tenant, catalog, tool access, scopes, arguments.
    const decision = decideToolCall(
      runtime.policy,
      caller.identity,
      { name, arguments: request.params?.arguments },
      Date.now(),
    );
    if (!decision.allowed) return refusalReply(request.id, decision, caller.resource.metadataUrl);
    const upstream = runtime.upstream(decision.upstream);
    if (upstream === undefined)
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, `Unknown tool: ${name}`),
      );
    const target = { upstream, name: decision.tool };
    const forwarded: JsonRpcRequest = {
      ...request,
      params: { ...request.params, name: target.name },
    };
    if (this.governor === undefined)
      return this.relay.relayRequest(session, target.upstream, forwarded, signal);
    // Budgets and backpressure, with the limits the policy's allowance resolved.
    const { identity } = caller;
    const { limits } = decision;
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
    caller: AuthenticatedRequest,
  ): Promise<DownstreamReply> {
    const uri = request.params?.uri;
    if (typeof uri !== 'string') {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, 'params.uri must be a string'),
      );
    }
    const upstream = await this.ownerOfUri(runtime, session, uri, signal, caller);
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
    caller: AuthenticatedRequest,
  ): Promise<DownstreamReply> {
    const ref = request.params?.ref;
    if (!isRecordValue(ref)) {
      return jsonReply(
        errorResponse(request.id, JsonRpcErrorCode.InvalidParams, 'params.ref must be an object'),
      );
    }
    if (ref.type === 'ref/prompt' && typeof ref.name === 'string') {
      const target = resolveForCaller(runtime, caller, ref.name);
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
      const upstream = await this.ownerOfUri(runtime, session, ref.uri, signal, caller);
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
    caller: AuthenticatedRequest,
  ): Promise<DownstreamReply> {
    const targets = runtime
      .upstreamsFor(caller.identity.tenant)
      .filter((upstream) => offers(upstream, 'logging'));
    await Promise.all(targets.map((upstream) => this.relay.forward(session, upstream, request)));
    return jsonReply({ jsonrpc: '2.0', id: request.id, result: {} });
  }

  private async ownerOfUri(
    runtime: RuntimeConfig,
    session: SessionState,
    uri: string,
    signal: AbortSignal | undefined,
    caller: AuthenticatedRequest,
  ): Promise<Upstream | undefined> {
    const candidates = runtime
      .upstreamsFor(caller.identity.tenant)
      .filter((upstream) => offers(upstream, 'resources'));
    if (candidates.length <= 1) return candidates[0];
    // The URI cache is node-wide: an owner the caller's tenant cannot see counts as unknown.
    const visible = (name: string | undefined): Upstream | undefined =>
      name === undefined ? undefined : candidates.find((upstream) => upstream.name === name);
    const known = visible(this.resources.ownerOf(uri));
    if (known !== undefined) return known;
    await Promise.all([
      this.lists.list(runtime, session, 'resources', signal, caller.identity),
      this.lists.list(runtime, session, 'resourceTemplates', signal, caller.identity),
    ]);
    return visible(this.resources.ownerOf(uri));
  }
}

/** Like `resolveName`, among the upstreams the caller's tenant sees only. */
function resolveForCaller(
  runtime: RuntimeConfig,
  caller: AuthenticatedRequest,
  qualified: string,
): { upstream: Upstream; name: string } | undefined {
  const target = resolveQualifiedName(runtime.policy, caller.identity, qualified);
  if (target === undefined || !canSeeUpstream(runtime.policy, caller.identity, target.upstream))
    return undefined;
  const upstream = runtime.upstream(target.upstream);
  return upstream === undefined ? undefined : { upstream, name: target.name };
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
