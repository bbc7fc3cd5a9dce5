import { ConcurrencyGate } from './concurrency-gate.js';

interface Entry {
  readonly gate: ConcurrencyGate;
  readonly label: string;
}

/**
 * The node's gates, one per tenant+tool (and one per tenant), kept across config reloads while
 * their settings stay the same. A changed setting gets a fresh gate; calls holding the old one
 * release into it and it is forgotten.
 */
export class ConcurrencyGates {
  readonly #gates = new Map<string, Entry>();

  /** `label` names the tool in metrics (never the tenant). */
  gate(key: string, capacity: number, queueDepth: number, label: string): ConcurrencyGate {
    const existing = this.#gates.get(key);
    if (
      existing !== undefined &&
      existing.gate.capacity === capacity &&
      existing.gate.queueDepth === queueDepth
    )
      return existing.gate;
    const gate = new ConcurrencyGate(capacity, queueDepth);
    this.#gates.set(key, { gate, label });
    return gate;
  }

  *queueDepths(): Iterable<{ tool: string; depth: number }> {
    for (const { gate, label } of this.#gates.values())
      if (label !== '') yield { tool: label, depth: gate.waiting };
  }
}
