import type { Meter } from '@opentelemetry/api';
import type { AuditSinkStats } from './audit-sink.js';

/**
 * The audit sink's state as metrics on the node's Meter (read when scraped):
 * `audit_spool_bytes`, `audit_spool_full` (1 while full: alert on it),
 * `audit_events_total{outcome}` for streamed, spooled, replayed and dropped events.
 */
export function observeAuditSink(meter: Meter, stats: () => AuditSinkStats): void {
  const spoolBytes = meter.createObservableGauge('audit_spool_bytes', {
    description: 'Bytes of audit events waiting in the local spool for Redis.',
  });
  const spoolFull = meter.createObservableGauge('audit_spool_full', {
    description: '1 while the audit spool is full (events dropped or calls refused per policy).',
  });
  const events = meter.createObservableCounter('audit_events_total', {
    description: 'Audit events by what became of them: streamed, spooled, replayed, dropped.',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const current = stats();
      result.observe(spoolBytes, current.spoolBytes);
      result.observe(spoolFull, current.spoolFull ? 1 : 0);
      result.observe(events, current.streamed, { outcome: 'streamed' });
      result.observe(events, current.spooled, { outcome: 'spooled' });
      result.observe(events, current.replayed, { outcome: 'replayed' });
      result.observe(events, current.dropped, { outcome: 'dropped' });
    },
    [spoolBytes, spoolFull, events],
  );
}
