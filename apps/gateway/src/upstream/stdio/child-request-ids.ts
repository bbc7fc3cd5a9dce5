import { randomUUID } from 'node:crypto';
import type { JsonRpcId } from '../../jsonrpc/jsonrpc-message.js';
import { LruMap } from '../../runtime/lru-map.js';

/** Names this process: an answer meant for another node's child is recognised, never misdelivered. */
const NODE_TAG = randomUUID().slice(0, 8);

/**
 * Requests a stdio child sends to a client get ids unique to this node; the client's answer is
 * mapped back to the child's own id, and an answer this node never asked for is refused.
 */
export class ChildRequestIds {
  private sequence = 0;
  private readonly outstanding = new LruMap<string, JsonRpcId>(10_000);

  issue(childId: JsonRpcId): string {
    this.sequence += 1;
    const id = `${NODE_TAG}.${this.sequence}`;
    this.outstanding.set(id, childId);
    return id;
  }

  /** The child's id for an answer, once; undefined for an answer that is not ours. */
  redeem(id: JsonRpcId | null): JsonRpcId | undefined {
    if (typeof id !== 'string') return undefined;
    const childId = this.outstanding.get(id);
    if (childId !== undefined) this.outstanding.delete(id);
    return childId;
  }
}

/** The client capability a server→client request needs. */
export function capabilityFor(method: string): string | undefined {
  if (method === 'sampling/createMessage') return 'sampling';
  if (method === 'elicitation/create') return 'elicitation';
  if (method === 'roots/list') return 'roots';
  return undefined;
}
