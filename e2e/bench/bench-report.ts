// The printed results: one table row per scenario, then gateway-vs-direct ratios and targets.
import type { Route, UpstreamKind } from './bench-target.js';
import type { ScenarioResult } from './load-run.js';

export const TARGET_RATIO = 0.9;
export const TARGET_ADDED_P50_MS = 1;
export const TARGET_FAST_CALLS_PER_SECOND = 5_000;
/** Full policy in front of server-everything: throughput against direct, p50 against pass-through. */
export const TARGET_POLICY_RATIO_DIRECT = 0.85;
export const TARGET_POLICY_ADDED_P50_MS = 1;
/** Full policy in front of the fast upstream, against pass-through (the policy's own cost). */
export const TARGET_POLICY_RATIO_FAST = 0.7;

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'conns', 'calls/s', 'p50 ms', 'p99 ms', 'calls', 'bodies', 'status'];
  const rows = results.map((r) => [
    r.label,
    String(r.connections),
    r.failures > 0 ? '-' : Math.round(r.callsPerSecond).toLocaleString('en-US'),
    r.failures > 0 ? '-' : ms(r.p50),
    r.failures > 0 ? '-' : ms(r.p99),
    String(r.calls),
    bodies(r),
    r.failures > 0 ? `FAILED (${r.failures})` : 'ok',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const r of results) {
    if (r.failure !== undefined)
      out.push(`  ${r.label} @ ${r.connections}: aborted at first failure: ${r.failure}`);
  }
  return out.join('\n');
}

export function formatComparison(results: readonly ScenarioResult[]): string {
  const out: string[] = [];
  const connectionCounts = [...new Set(results.map((r) => r.connections))];
  for (const upstream of ['everything', 'fast'] as const satisfies readonly UpstreamKind[]) {
    for (const connections of connectionCounts) {
      const direct = find(results, upstream, 'direct', connections);
      const gateway = find(results, upstream, 'gateway', connections);
      if (gateway === undefined || direct === undefined) continue;
      const name = upstream === 'everything' ? 'server-everything' : 'fast upstream';
      if (gateway.failures > 0 || direct.failures > 0) {
        out.push(`${name} @ ${connections} conns: no comparison (a scenario failed)`);
        continue;
      }
      const ratio = gateway.callsPerSecond / direct.callsPerSecond;
      const added = gateway.p50 - direct.p50;
      const addedP99 = gateway.p99 - direct.p99;
      if (upstream === 'everything') {
        out.push(
          `${name} @ ${connections} conns: throughput ${ratio.toFixed(2)}× direct ` +
            `(target ≥ ${TARGET_RATIO}×: ${verdict(ratio >= TARGET_RATIO)}), ` +
            `added p50 ${signed(added)} ms (target ≤ ${TARGET_ADDED_P50_MS} ms: ` +
            `${verdict(added <= TARGET_ADDED_P50_MS)}), added p99 ${signed(addedP99)} ms`,
        );
      } else {
        const cps = gateway.callsPerSecond;
        out.push(
          `${name} @ ${connections} conns: gateway ${Math.round(cps).toLocaleString('en-US')} calls/s ` +
            `(target ≥ ${TARGET_FAST_CALLS_PER_SECOND.toLocaleString('en-US')} on one core: ` +
            `${verdict(cps >= TARGET_FAST_CALLS_PER_SECOND)}), ${ratio.toFixed(2)}× direct, ` +
            `added p50 ${signed(added)} ms, added p99 ${signed(addedP99)} ms`,
        );
      }
    }
  }
  out.push(...policyComparison(results, connectionCounts));
  return out.length > 0 ? out.join('\n') : '(no gateway scenario to compare)';
}

/** Full policy (API key, scopes, schema, Redis rate limit, concurrency cap) against the rest. */
function policyComparison(
  results: readonly ScenarioResult[],
  connectionCounts: readonly number[],
): string[] {
  const out: string[] = [];
  for (const upstream of ['everything', 'fast'] as const satisfies readonly UpstreamKind[]) {
    for (const connections of connectionCounts) {
      const direct = find(results, upstream, 'direct', connections);
      const pass = find(results, upstream, 'gateway', connections);
      const policy = find(results, upstream, 'policy', connections);
      if (direct === undefined || pass === undefined || policy === undefined) continue;
      const name = upstream === 'everything' ? 'server-everything' : 'fast upstream';
      if ([direct, pass, policy].some((r) => r.failures > 0)) {
        out.push(`full policy, ${name} @ ${connections} conns: no comparison (a scenario failed)`);
        continue;
      }
      const toDirect = policy.callsPerSecond / direct.callsPerSecond;
      const toPass = policy.callsPerSecond / pass.callsPerSecond;
      const added = policy.p50 - pass.p50;
      if (upstream === 'everything') {
        out.push(
          `full policy, ${name} @ ${connections} conns: throughput ${toDirect.toFixed(2)}× direct ` +
            `(target ≥ ${TARGET_POLICY_RATIO_DIRECT}×: ${verdict(toDirect >= TARGET_POLICY_RATIO_DIRECT)}), ` +
            `p50 ${signed(added)} ms over pass-through (target ≤ ${TARGET_POLICY_ADDED_P50_MS} ms: ` +
            `${verdict(added <= TARGET_POLICY_ADDED_P50_MS)}), ${toPass.toFixed(2)}× pass-through`,
        );
      } else {
        out.push(
          `full policy, ${name} @ ${connections} conns: ${Math.round(policy.callsPerSecond).toLocaleString('en-US')} calls/s, ` +
            `${toPass.toFixed(2)}× pass-through (target ≥ ${TARGET_POLICY_RATIO_FAST}×: ` +
            `${verdict(toPass >= TARGET_POLICY_RATIO_FAST)}), p50 ${signed(added)} ms over pass-through`,
        );
      }
    }
  }
  return out;
}

function find(
  results: readonly ScenarioResult[],
  upstream: UpstreamKind,
  route: Route,
  connections: number,
): ScenarioResult | undefined {
  return results.find(
    (r) =>
      r.target.upstream === upstream && r.target.route === route && r.connections === connections,
  );
}

function bodies(r: ScenarioResult): string {
  if (r.json > 0 && r.sse > 0) return 'json+sse';
  if (r.sse > 0) return 'sse';
  if (r.json > 0) return 'json';
  return '-';
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(2);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}
