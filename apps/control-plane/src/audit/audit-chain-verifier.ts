import type { AuditChainBreak, AuditChainReport } from '@gatehouse/contracts';
import { auditEventSchema } from '@gatehouse/contracts';
import { projectionOf, VERIFIED_COLUMNS } from './audit-row.js';
import type { AuditProjection } from './audit-row.js';
import { GENESIS_HASH, linkHash } from './chain-hash.js';

/** A stored link as the verifier reads it: the hashed event, its link and its columns. */
export interface StoredLink {
  readonly chainSeq: bigint;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly event: unknown;
  readonly columns: Pick<AuditProjection, (typeof VERIFIED_COLUMNS)[number]>;
}

export interface ChainHead {
  readonly seq: bigint;
  readonly hash: string;
}

function sameColumn(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * Walks one chain's links in position order and names the first break:
 * - `deleted`: a position is missing (the row before the gap is named by its successor);
 * - `reordered`: a link's prev_hash is not the hash of the link before it (moved or swapped);
 * - `edited`: a link's hash is not the hash of its content, or a searchable column no longer
 *   matches the hashed event;
 * - `truncated`: the newest links are gone (the chain head says there were more).
 * A range that starts mid-chain trusts its first link's prev_hash (the links before it are
 * outside the range, or removed by retention).
 */
export class ChainVerifier {
  private expectedSeq: bigint | undefined;
  private prevHash: string | undefined;
  private checked = 0;
  private firstSeq: bigint | undefined;
  private lastSeq: bigint | undefined;
  private lastHash: string | undefined;
  private broken: AuditChainBreak | undefined;

  constructor(private readonly chain: string) {}

  get ok(): boolean {
    return this.broken === undefined;
  }

  /** Checks the next link; returns false once the chain is broken (the rest is not read). */
  check(link: StoredLink): boolean {
    if (this.broken) return false;
    this.checked += 1;
    this.firstSeq ??= link.chainSeq;
    const seq = link.chainSeq.toString();
    if (link.hash === '') {
      return this.fail(link, 'unchained', `link ${seq} was stored without a hash`);
    }
    if (this.expectedSeq === undefined) {
      if (link.chainSeq === 1n && link.prevHash !== GENESIS_HASH)
        return this.fail(link, 'reordered', `link 1 does not start from the genesis hash`);
    } else {
      if (link.chainSeq !== this.expectedSeq) {
        const missing = this.expectedSeq.toString();
        return this.fail(
          link,
          'deleted',
          `link ${missing}${link.chainSeq - 1n > this.expectedSeq ? `–${(link.chainSeq - 1n).toString()}` : ''} is missing before link ${seq} (deleted)`,
          missing,
        );
      }
      if (link.prevHash !== this.prevHash)
        return this.fail(
          link,
          'reordered',
          `link ${seq}'s prev_hash is not the hash of link ${(link.chainSeq - 1n).toString()} (rows moved, swapped or replaced)`,
        );
    }
    if (linkHash(link.prevHash, link.chainSeq, link.event) !== link.hash)
      return this.fail(link, 'edited', `link ${seq}'s content does not match its hash (edited)`);
    const parsed = auditEventSchema.safeParse(link.event);
    if (!parsed.success)
      return this.fail(link, 'edited', `link ${seq}'s event is no longer a valid audit event`);
    const projected = projectionOf(parsed.data);
    for (const column of VERIFIED_COLUMNS) {
      if (!sameColumn(projected[column], link.columns[column]))
        return this.fail(
          link,
          'edited',
          `link ${seq}'s column ${column} differs from the hashed event (edited)`,
        );
    }
    this.expectedSeq = link.chainSeq + 1n;
    this.prevHash = link.hash;
    this.lastSeq = link.chainSeq;
    this.lastHash = link.hash;
    return true;
  }

  /** The report; `head` is the chain's recorded head when the range reached its end. */
  report(head: ChainHead | null, reachedEnd: boolean): AuditChainReport {
    if (!this.broken && reachedEnd && head && head.seq > 0n) {
      if (this.lastSeq === undefined || this.lastSeq < head.seq) {
        this.broken = {
          seq: ((this.lastSeq ?? 0n) + 1n).toString(),
          eventId: null,
          reason: 'truncated',
          message: `the chain head is at ${head.seq.toString()} but the newest stored link is ${this.lastSeq?.toString() ?? 'none'} (links deleted at the end)`,
        };
      } else if (this.lastSeq === head.seq && this.lastHash !== head.hash) {
        this.broken = {
          seq: head.seq.toString(),
          eventId: null,
          reason: 'edited',
          message: `the newest link's hash differs from the chain head's`,
        };
      }
    }
    return {
      chain: this.chain,
      ok: this.broken === undefined,
      checked: this.checked,
      firstSeq: this.firstSeq?.toString() ?? null,
      lastSeq: this.lastSeq?.toString() ?? null,
      headSeq: head?.seq.toString() ?? null,
      headHash: head?.hash ?? null,
      firstBreak: this.broken ?? null,
    };
  }

  private fail(
    link: StoredLink,
    reason: AuditChainBreak['reason'],
    message: string,
    seq: string = link.chainSeq.toString(),
  ): false {
    this.broken = {
      seq,
      eventId: reason === 'deleted' ? null : link.eventId,
      reason,
      message,
    };
    return false;
  }
}
