import type { AuditEvent } from '@gatehouse/contracts';
import { describe, expect, it } from 'vitest';
import { ChainVerifier } from './audit-chain-verifier.js';
import type { StoredLink } from './audit-chain-verifier.js';
import { projectionOf } from './audit-row.js';
import { canonicalJson, GENESIS_HASH, linkHash } from './chain-hash.js';

function event(n: number): AuditEvent {
  return {
    v: 1,
    eventId: `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    kind: 'tool_call',
    occurredAt: new Date(1_700_000_000_000 + n).toISOString(),
    actor: { tenantId: 't', clientId: 'c', userId: null, nodeId: 'n' },
    action: 'tools/call',
    tool: { name: 'echo', version: null, upstream: null, arguments: [], argumentsBytes: 2 },
    result: { status: 'ok', errorCode: null, latencyMs: n % 7 },
    sideEffects: { resourceIds: [], planId: null, idempotencyKey: null },
    traceId: null,
    requestId: null,
    details: null,
  };
}

function chain(length: number): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  for (let n = 1; n <= length; n += 1) {
    const value = event(n);
    const hash = linkHash(prev, BigInt(n), value);
    links.push({
      chainSeq: BigInt(n),
      eventId: value.eventId,
      prevHash: prev,
      hash,
      event: JSON.parse(JSON.stringify(value)) as unknown,
      columns: projectionOf(value),
    });
    prev = hash;
  }
  return links;
}

function verify(links: readonly StoredLink[], headSeq = BigInt(links.length)) {
  const verifier = new ChainVerifier('t');
  for (const link of links) if (!verifier.check(link)) break;
  const last = chain(Number(headSeq)).at(-1);
  return verifier.report({ seq: headSeq, hash: last?.hash ?? GENESIS_HASH }, true);
}

describe('ChainVerifier', () => {
  it('accepts an intact chain', () => {
    expect(verify(chain(20))).toMatchObject({ ok: true, checked: 20, firstBreak: null });
  });

  it('names an edited, a deleted, a reordered and a truncated link', () => {
    const edited = chain(20);
    const at5 = edited[4] as StoredLink;
    edited[4] = { ...at5, event: { ...(at5.event as object), action: 'other' } };
    expect(verify(edited).firstBreak).toMatchObject({ seq: '5', reason: 'edited' });

    const deleted = chain(20).filter((link) => link.chainSeq !== 7n);
    expect(verify(deleted).firstBreak).toMatchObject({ seq: '7', reason: 'deleted' });

    const swapped = chain(20);
    const [a, b] = [swapped[9] as StoredLink, swapped[10] as StoredLink];
    swapped[9] = { ...b, chainSeq: 10n };
    swapped[10] = { ...a, chainSeq: 11n };
    expect(verify(swapped).firstBreak).toMatchObject({ seq: '10', reason: 'reordered' });

    expect(verify(chain(18), 20n).firstBreak).toMatchObject({ seq: '19', reason: 'truncated' });
  });

  it('hashes canonical JSON, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});
