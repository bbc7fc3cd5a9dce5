import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ManagedProcess } from './managed-process.js';

// Runs the official MCP conformance CLI (@modelcontextprotocol/conformance) against a
// server URL, one scenario per CLI process: a scenario that hangs is killed at its own
// deadline and the others still report, and each result is read from the checks.json the
// CLI writes for it (`--output-dir`), not scraped from its pretty-printed stdout.

const checkSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(), // SUCCESS | FAILURE | WARNING | INFO
  description: z.string().optional(),
  errorMessage: z.string().optional(),
});
const checksFileSchema = z.array(checkSchema);

export type ConformanceCheck = z.infer<typeof checkSchema>;

export interface ScenarioResult {
  readonly scenario: string;
  /** At least one SUCCESS check and no FAILURE: the CLI's own per-scenario verdict. */
  readonly passed: boolean;
  readonly failedChecks: readonly string[];
  readonly warningChecks: readonly string[];
  readonly checks: readonly ConformanceCheck[];
  readonly durationMs: number;
  /** Why no checks could be read (timeout, crash), when that happened. */
  readonly problem?: string;
}

export interface SuiteOptions {
  /** Defaults to every server scenario the CLI knows (`list --server`: active and pending). */
  readonly scenarios?: readonly string[];
  readonly perScenarioTimeoutMs?: number;
  /** Scenarios not started before this budget runs out are reported as failed, not run. */
  readonly suiteBudgetMs?: number;
  readonly onResult?: (result: ScenarioResult) => void;
  /** Stops the running scenario's CLI and reports the rest as not run. */
  readonly signal?: AbortSignal;
}

const DEFAULT_SCENARIO_TIMEOUT_MS = 90_000;
const DEFAULT_SUITE_BUDGET_MS = 10 * 60_000;

function conformanceCli(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new Error(
      `the conformance CLI needs Node >= 22 (runs under ${process.version}); use scripts/with-node24.sh`,
    );
  }
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@modelcontextprotocol/conformance/package.json');
  return join(dirname(packageJson), 'dist', 'index.js');
}

async function runCli(
  name: string,
  args: readonly string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ManagedProcess> {
  const cli = ManagedProcess.start({
    name,
    command: process.execPath,
    args: [conformanceCli(), ...args],
  });
  const stopOnAbort = (): void => void cli.stop(1_000);
  signal?.addEventListener('abort', stopOnAbort, { once: true });
  try {
    await cli.waitForExit(timeoutMs);
  } catch {
    await cli.stop(1_000);
  } finally {
    signal?.removeEventListener('abort', stopOnAbort);
  }
  return cli;
}

export async function listServerScenarios(timeoutMs = 30_000): Promise<string[]> {
  const cli = await runCli('conformance list', ['list', '--server'], timeoutMs);
  if (cli.exit?.code !== 0) throw new Error(`could not list scenarios: ${cli.describe()}`);
  const scenarios = [...cli.output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1] ?? '');
  if (scenarios.length === 0) throw new Error(`no scenarios listed: ${cli.describe()}`);
  return scenarios;
}

function failedResult(scenario: string, durationMs: number, problem: string): ScenarioResult {
  return {
    scenario,
    passed: false,
    failedChecks: [scenario],
    warningChecks: [],
    checks: [{ id: scenario, name: scenario, status: 'FAILURE', errorMessage: problem }],
    durationMs,
    problem,
  };
}

async function readChecks(outputDir: string): Promise<ConformanceCheck[] | undefined> {
  // The CLI writes <output-dir>/server-<scenario>-<timestamp>/checks.json.
  const [resultDir] = await readdir(outputDir);
  if (resultDir === undefined) return undefined;
  const text = await readFile(join(outputDir, resultDir, 'checks.json'), 'utf8');
  return checksFileSchema.parse(JSON.parse(text));
}

export async function runConformanceScenario(
  url: string,
  scenario: string,
  timeoutMs = DEFAULT_SCENARIO_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<ScenarioResult> {
  const started = Date.now();
  const outputDir = await mkdtemp(join(tmpdir(), 'gatehouse-conformance-'));
  try {
    const cli = await runCli(
      `conformance ${scenario}`,
      ['server', '--url', url, '--scenario', scenario, '--output-dir', outputDir],
      timeoutMs,
      signal,
    );
    const durationMs = Date.now() - started;
    if (cli.exit === undefined || cli.exit.signal !== null) {
      const why = signal?.aborted === true ? 'aborted' : `no verdict within ${timeoutMs} ms`;
      return failedResult(scenario, durationMs, `${why}: ${cli.describe()}`);
    }
    const checks = await readChecks(outputDir);
    if (checks === undefined || checks.length === 0) {
      return failedResult(scenario, durationMs, `the CLI wrote no checks: ${cli.describe()}`);
    }
    const idsWith = (status: string): string[] =>
      checks.filter((check) => check.status === status).map((check) => check.id);
    const failedChecks = idsWith('FAILURE');
    return {
      scenario,
      passed: failedChecks.length === 0 && idsWith('SUCCESS').length > 0,
      failedChecks,
      warningChecks: idsWith('WARNING'),
      checks,
      durationMs,
    };
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

/** Runs the scenarios one after another (several are timing-sensitive) within a budget. */
export async function runConformanceSuite(
  url: string,
  options: SuiteOptions = {},
): Promise<ScenarioResult[]> {
  const scenarios = options.scenarios ?? (await listServerScenarios());
  const budgetEnds = Date.now() + (options.suiteBudgetMs ?? DEFAULT_SUITE_BUDGET_MS);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const remaining = budgetEnds - Date.now();
    const result =
      options.signal?.aborted === true
        ? failedResult(scenario, 0, 'not run: the suite was aborted')
        : remaining <= 0
          ? failedResult(scenario, 0, 'not run: the suite budget ran out')
          : await runConformanceScenario(
              url,
              scenario,
              Math.min(options.perScenarioTimeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS, remaining),
              options.signal,
            );
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
