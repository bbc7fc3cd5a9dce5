import type { AuditEvent } from '@gatehouse/contracts';

/**
 * Where a node's audit events go. `emit` never waits on the network: it returns whether
 * the event was taken (queued for Redis or the spool), and `false` only when the spool is
 * full under the `refuse` policy, in which case the caller refuses the call it describes.
 */
export interface AuditSink {
  emit(event: AuditEvent): boolean;
  /** False while new calls must be refused (a full spool under the `refuse` policy). */
  accepting(): boolean;
  /** Flushes what is queued (to Redis, else to the spool) and stops. */
  close(): Promise<void>;
}

/** What the node did with its audit events, for metrics and logs. */
export interface AuditSinkStats {
  readonly emitted: number;
  readonly streamed: number;
  readonly spooled: number;
  readonly replayed: number;
  readonly dropped: number;
  readonly spoolBytes: number;
  readonly spoolFull: boolean;
}

/** Keeps nothing: for a node configured without an audit trail (tests, local trials). */
export class NullAuditSink implements AuditSink {
  emit(): boolean {
    return true;
  }
  accepting(): boolean {
    return true;
  }
  async close(): Promise<void> {}
}
