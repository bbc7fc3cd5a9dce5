import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIMPLE_TEXT,
  STATIC_TEXT,
  STATIC_TEXT_URI,
} from '../fixtures/conformance-server/content.js';
import {
  startConformanceServer,
  type ConformanceServer,
} from '../fixtures/conformance-server/start-conformance-server.js';
import {
  listServerScenarios,
  runConformanceSuite,
  type ScenarioResult,
} from '../support/conformance-cli.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { withMcpClient } from '../support/mcp-client.js';
import {
  failures,
  formatScenarioTable,
  lostSuccesses,
  verdictDifferences,
  warnings,
} from './scenario-report.js';

// The official MCP conformance suite, run against our fixture directly and then through a
// Gatehouse gateway in front of it: the gateway must not turn any passing scenario into a
// failure or a warning, nor pass one the fixture does not, nor quietly drop behaviour the
// suite scores (SSE priming, resumption, SSE answers) unless that is listed below.

const SCENARIO_TIMEOUT_MS = 90_000;
const SUITE_BUDGET_MS = 8 * 60_000;
const SUITE_TEST_TIMEOUT_MS = SUITE_BUDGET_MS + 60_000;

/** Scenarios the suite must keep offering; fewer would quietly test less. */
const EXPECTED_SCENARIOS = [
  'server-initialize',
  'tools-call-sampling',
  'tools-call-elicitation',
  'json-schema-2020-12',
  'elicitation-sep1034-defaults',
  'elicitation-sep1330-enums',
  'server-sse-polling',
  'server-sse-multiple-streams',
  'resources-subscribe',
  'dns-rebinding-protection',
];

/**
 * `scenario/check-id` entries that may succeed directly yet not through the gateway: each
 * a deliberate gateway design choice, named here so a new loss still fails the spec.
 */
const ACCEPTED_LOSSES: readonly string[] = [
  // The gateway builds tools/list from every upstream and answers it as one JSON response;
  // the suite scores JSON answers INFO where the fixture's own SSE answer scores SUCCESS.
  'server-sse-multiple-streams/server-sse-streams-functional',
];

/** A fresh session reads the fixture's fixed text tool and resource; the fixture counts the call. */
async function expectFixtureContent(url: string, fixture: ConformanceServer): Promise<void> {
  const callsBefore = fixture.toolCalls.count('test_simple_text');
  const { toolResult, resource } = await withMcpClient(url, async (client) => ({
    toolResult: await client.callTool({ name: 'test_simple_text', arguments: {} }),
    resource: await client.readResource({ uri: STATIC_TEXT_URI }),
  }));
  expect(toolResult.isError ?? false).toBe(false);
  expect(toolResult.content).toEqual([{ type: 'text', text: SIMPLE_TEXT }]);
  // Exactly one: served by the fixture, once — not invented, cached or retried on the way.
  expect(fixture.toolCalls.count('test_simple_text')).toBe(callsBefore + 1);
  expect(resource.contents).toEqual([
    { uri: STATIC_TEXT_URI, mimeType: 'text/plain', text: STATIC_TEXT },
  ]);
}

describe('MCP conformance: fixture directly and through Gatehouse', () => {
  const abort = new AbortController();
  let fixture: ConformanceServer;
  let scenarios: string[] = [];
  let direct: ScenarioResult[] | undefined;
  let throughGateway: ScenarioResult[] | undefined;

  beforeAll(async () => {
    fixture = await startConformanceServer();
    scenarios = await listServerScenarios();
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    console.log(
      `\nconformance scenarios, fixture directly vs through the gateway:\n${formatScenarioTable(direct, throughGateway)}\n`,
    );
    await fixture?.close();
  }, 30_000);

  it('offers every server scenario, pending ones included', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(32);
    expect(scenarios).toEqual(expect.arrayContaining(EXPECTED_SCENARIOS));
  });

  it(
    'passes every scenario directly, without a warning',
    async () => {
      direct = await runConformanceSuite(fixture.url, {
        scenarios,
        perScenarioTimeoutMs: SCENARIO_TIMEOUT_MS,
        suiteBudgetMs: SUITE_BUDGET_MS,
        signal: abort.signal,
      });
      expect(failures(direct)).toEqual([]);
      expect(warnings(direct)).toEqual([]);
      expect(direct.map((result) => result.scenario)).toEqual(scenarios);
    },
    SUITE_TEST_TIMEOUT_MS,
  );

  it('serves its own fixed content to an SDK client', () =>
    expectFixtureContent(fixture.url, fixture));

  describe('through the gateway', () => {
    let gateway: RunningGateway | undefined;

    beforeAll(async () => {
      gateway = await startGateway({
        config: {
          // The suite speaks MCP without credentials: the node serves it as the anonymous caller.
          auth: { anonymous: {} },
          upstreams: [
            {
              name: 'conformance',
              namespace: '', // no prefix: the suite calls tools and prompts by their own names
              transport: { type: 'streamable-http', url: fixture.url },
            },
          ],
        },
      });
    }, 90_000);

    afterAll(async () => {
      abort.abort();
      await gateway?.stop();
    }, 30_000);

    it(
      'passes every scenario',
      async () => {
        if (gateway === undefined) throw new Error('the gateway did not start');
        throughGateway = await runConformanceSuite(gateway.mcpUrl, {
          scenarios,
          perScenarioTimeoutMs: SCENARIO_TIMEOUT_MS,
          suiteBudgetMs: SUITE_BUDGET_MS,
          signal: abort.signal,
        });
        expect(failures(throughGateway)).toEqual([]);
      },
      SUITE_TEST_TIMEOUT_MS,
    );

    it('reaches the same verdict per scenario: passed, failed checks, warnings', () => {
      if (direct === undefined || throughGateway === undefined) {
        throw new Error('both suite runs must complete before they can be compared');
      }
      expect(verdictDifferences(direct, throughGateway)).toEqual([]);
    });

    it('keeps every check that succeeds directly a success', () => {
      if (direct === undefined || throughGateway === undefined) {
        throw new Error('both suite runs must complete before they can be compared');
      }
      const lost = lostSuccesses(direct, throughGateway).filter(
        (entry) => !ACCEPTED_LOSSES.some((accepted) => entry.startsWith(`${accepted}:`)),
      );
      expect(lost).toEqual([]);
    });

    it('carries the fixture’s real results back', () => {
      if (gateway === undefined) throw new Error('the gateway did not start');
      return expectFixtureContent(gateway.mcpUrl, fixture);
    });
  });
});
