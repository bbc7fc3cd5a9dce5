import { qualifyName, splitQualifiedName } from '@gatehouse/contracts';
import { canSeeTool, type CallerIdentity } from '@gatehouse/policy';
import type { Logger } from 'pino';
import type { JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import { isRecordValue } from '../jsonrpc/jsonrpc-message.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import type { SessionState } from '../session/session-state.js';
import { collectResponse } from '../upstream/collect-response.js';
import type { Upstream } from '../upstream/upstream.js';
import type { ResourceRouter } from './resource-router.js';
import type { UpstreamRelay } from './upstream-relay.js';

export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

interface ListSpec {
  method: string;
  capability: string;
  /** Names are namespaced; URIs are not (they are routed by ownership instead). */
  renames: boolean;
  key: string;
}

const LIST_SPECS: Record<ListKind, ListSpec> = {
  tools: { method: 'tools/list', capability: 'tools', renames: true, key: 'name' },
  prompts: { method: 'prompts/list', capability: 'prompts', renames: true, key: 'name' },
  resources: { method: 'resources/list', capability: 'resources', renames: false, key: 'uri' },
  resourceTemplates: {
    method: 'resources/templates/list',
    capability: 'resources',
    renames: false,
    key: 'uriTemplate',
  },
};

const MAX_PAGES = 50;
let listCounter = 0;

/** Builds the virtual server's lists from every upstream's, namespaced; a failing upstream drops out alone. */
export class ListAggregator {
  constructor(
    private readonly relay: UpstreamRelay,
    private readonly resources: ResourceRouter,
    private readonly logger: Logger,
  ) {}

  async list(
    runtime: RuntimeConfig,
    session: SessionState,
    kind: ListKind,
    signal: AbortSignal | undefined,
    /** Lists show what this caller may use: its tenant's upstreams, the tools it may call. */
    identity: CallerIdentity,
  ): Promise<Record<string, unknown>[]> {
    const spec = LIST_SPECS[kind];
    const upstreams = runtime
      .upstreamsFor(identity.tenant)
      .filter((upstream) => offers(upstream, spec.capability));
    const perUpstream = await Promise.all(
      upstreams.map(async (upstream) => {
        try {
          return await this.listOne(session, upstream, spec, signal);
        } catch (error) {
          this.logger.warn(
            { upstream: upstream.name, list: spec.method, err: (error as Error).message },
            'upstream left out of a list',
          );
          return [];
        }
      }),
    );
    const seen = new Set<string>();
    const out: Record<string, unknown>[] = [];
    upstreams.forEach((upstream, index) => {
      const items = perUpstream[index] ?? [];
      if (kind === 'resourceTemplates') this.resources.learnTemplates(upstream.name, items);
      for (const item of items) {
        const original = item[spec.key];
        if (typeof original !== 'string') continue;
        const exposed = spec.renames ? qualifyName(upstream.namespace, original) : original;
        if (
          kind === 'tools' &&
          !canSeeTool(runtime.policy, identity, upstream.name, original, exposed)
        )
          continue;
        if (spec.renames && upstream.namespace === '' && shadowsNamespace(runtime, original)) {
          this.logger.warn(
            { upstream: upstream.name, name: original },
            "name hidden: it looks like another upstream's namespace",
          );
          continue;
        }
        if (seen.has(exposed)) {
          this.logger.debug(
            { upstream: upstream.name, name: exposed },
            'duplicate name hidden; the first upstream keeps it',
          );
          continue;
        }
        seen.add(exposed);
        if (kind === 'resources') this.resources.learnResource(upstream.name, original);
        out.push(spec.renames ? { ...item, [spec.key]: exposed } : item);
      }
    });
    return out;
  }

  private async listOne(
    session: SessionState,
    upstream: Upstream,
    spec: ListSpec,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      listCounter += 1;
      const request: JsonRpcRequest = {
        jsonrpc: '2.0',
        id: `gatehouse-list-${listCounter}`,
        method: spec.method,
        ...(cursor === undefined ? {} : { params: { cursor } }),
      };
      const reply = await this.relay.send(session, upstream, request, signal);
      const response = await collectResponse(reply, request.id, upstream.name);
      if ('error' in response) throw new Error(`${spec.method} failed: ${response.error.message}`);
      const listKey =
        spec.method === 'resources/templates/list'
          ? 'resourceTemplates'
          : (spec.method.split('/')[0] ?? '');
      const list = response.result[listKey];
      if (Array.isArray(list)) for (const item of list) if (isRecordValue(item)) items.push(item);
      const next = response.result.nextCursor;
      if (typeof next !== 'string' || next === '') break;
      cursor = next;
    }
    return items;
  }
}

/** Whether an upstream offers a capability; unknown capabilities are tried. */
export function offers(upstream: Upstream, capability: string): boolean {
  return upstream.capabilities === undefined || capability in upstream.capabilities;
}

function shadowsNamespace(runtime: RuntimeConfig, name: string): boolean {
  const split = splitQualifiedName(name);
  return split !== undefined && runtime.upstreamForNamespace(split.namespace) !== undefined;
}
