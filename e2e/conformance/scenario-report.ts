import type { ScenarioResult } from '../support/conformance-cli.js';

// Two levels of "the same result" for one scenario run directly and through the gateway:
//  - the verdict: passed or not, which checks FAILED, which WARNED;
//  - the behaviour: every check that SUCCEEDED directly still succeeds. The suite scores
//    some optional behaviour (SSE instead of JSON, closing a stream mid-call for the
//    client to resume) as SUCCESS when present and INFO when absent, so a relay that drops
//    it keeps the verdict yet tests less.
// INFO checks are otherwise the suite's request log (event ids, headers) and are ignored.

export interface ScenarioVerdict {
  readonly passed: boolean;
  readonly failed: readonly string[];
  readonly warned: readonly string[];
}

export interface VerdictDifference {
  readonly scenario: string;
  readonly direct: ScenarioVerdict | 'not run';
  readonly gateway: ScenarioVerdict | 'not run';
}

export function verdictOf(result: ScenarioResult): ScenarioVerdict {
  return {
    passed: result.passed,
    failed: [...result.failedChecks].sort(),
    warned: [...result.warningChecks].sort(),
  };
}

function byScenario(results: readonly ScenarioResult[]): Map<string, ScenarioResult> {
  return new Map(results.map((result) => [result.scenario, result]));
}

function allScenarios(...runs: readonly (readonly ScenarioResult[] | undefined)[]): string[] {
  return [...new Set(runs.flatMap((run) => (run ?? []).map((result) => result.scenario)))];
}

export function verdictDifferences(
  direct: readonly ScenarioResult[],
  gateway: readonly ScenarioResult[],
): VerdictDifference[] {
  const directRuns = byScenario(direct);
  const gatewayRuns = byScenario(gateway);
  return allScenarios(direct, gateway).flatMap((scenario) => {
    const a = directRuns.get(scenario);
    const b = gatewayRuns.get(scenario);
    const directVerdict = a === undefined ? 'not run' : verdictOf(a);
    const gatewayVerdict = b === undefined ? 'not run' : verdictOf(b);
    return JSON.stringify(directVerdict) === JSON.stringify(gatewayVerdict)
      ? []
      : [{ scenario, direct: directVerdict, gateway: gatewayVerdict }];
  });
}

/** `scenario/check-id: SUCCESS → <status>` for each check that succeeded directly only. */
export function lostSuccesses(
  direct: readonly ScenarioResult[],
  gateway: readonly ScenarioResult[],
): string[] {
  const gatewayRuns = byScenario(gateway);
  return direct.flatMap((result) => {
    const through = gatewayRuns.get(result.scenario);
    return result.checks
      .filter((check) => check.status === 'SUCCESS')
      .flatMap((check) => {
        const status = through?.checks.find((other) => other.id === check.id)?.status ?? 'absent';
        return status === 'SUCCESS' ? [] : [`${result.scenario}/${check.id}: SUCCESS → ${status}`];
      });
  });
}

/** `scenario: check-id, …` for each scenario that did not pass. */
export function failures(results: readonly ScenarioResult[]): string[] {
  return results
    .filter((result) => !result.passed)
    .map((result) => `${result.scenario}: ${result.failedChecks.join(', ') || 'no SUCCESS check'}`);
}

/** `scenario: check-id, …` for each scenario with WARNING checks. */
export function warnings(results: readonly ScenarioResult[]): string[] {
  return results
    .filter((result) => result.warningChecks.length > 0)
    .map((result) => `${result.scenario}: ${result.warningChecks.join(', ')}`);
}

function verdictCell(result: ScenarioResult | undefined): string {
  if (result === undefined) return '-';
  const successes = result.checks.filter((check) => check.status === 'SUCCESS').length;
  const base = result.passed
    ? `pass ${successes}`
    : result.failedChecks.length > 0
      ? `FAIL ${result.failedChecks.length}`
      : 'FAIL no SUCCESS';
  const warned = result.warningChecks.length;
  return warned > 0 ? `${base} (${warned} warn)` : base;
}

function notes(result: ScenarioResult | undefined): string {
  if (result === undefined) return '';
  if (result.problem !== undefined) return result.problem.split('\n')[0] ?? '';
  return result.checks
    .filter((check) => check.status === 'FAILURE' || check.status === 'WARNING')
    .map(
      (check) => `${check.id}${check.errorMessage === undefined ? '' : `: ${check.errorMessage}`}`,
    )
    .join('; ');
}

/**
 * A plain-text table, one row per scenario, for the test log. The comparison column says
 * `same`, `DIFF` (verdicts differ) or `less` (same verdict, a direct SUCCESS lost).
 */
export function formatScenarioTable(
  direct: readonly ScenarioResult[] | undefined,
  gateway: readonly ScenarioResult[] | undefined,
): string {
  const directRuns = byScenario(direct ?? []);
  const gatewayRuns = byScenario(gateway ?? []);
  const rows = allScenarios(direct, gateway).map((scenario) => {
    const a = directRuns.get(scenario);
    const b = gatewayRuns.get(scenario);
    let comparison = '';
    if (a !== undefined && b !== undefined) {
      comparison =
        verdictDifferences([a], [b]).length > 0
          ? 'DIFF'
          : lostSuccesses([a], [b]).length > 0
            ? 'less'
            : 'same';
    }
    const lost = a !== undefined && b !== undefined ? lostSuccesses([a], [b]) : [];
    const note = [
      notes(a) && `direct: ${notes(a)}`,
      notes(b) && `gateway: ${notes(b)}`,
      lost.length > 0 && `lost: ${lost.map((entry) => entry.split('/')[1] ?? entry).join(', ')}`,
    ]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(' | ');
    return [scenario, verdictCell(a), verdictCell(b), comparison, note.slice(0, 160)];
  });
  const header = ['scenario', 'direct', 'gateway', 'compared', 'notes'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
