import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { clientPageSchema, scopeResourceSchema } from '@gatehouse/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshot, signIn } from '../support/browser.js';
import { AdminApi } from '../support/admin-api.js';
import { ConsoleSystem, demoPassword } from '../support/console-system.js';
import { REPO_ROOT } from '../support/repo-root.js';

const EVERYTHING = join(
  REPO_ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

// The console in Debian's Chromium against the real control plane, Postgres, Redis and the
// dev IdP: an admin sets up a tenant, a client with an API key and a scope; an auditor sees
// no mutation buttons and the API refuses their changes; every main page is captured in
// light and dark under e2e/output/console/.

const pages = [
  { path: '/', name: 'overview', heading: 'Overview' },
  { path: '/tenants', name: 'tenants', heading: 'Tenants' },
  { path: '/clients', name: 'clients', heading: 'Clients & keys' },
  { path: '/upstreams', name: 'upstreams', heading: 'Upstream servers' },
  { path: '/tools', name: 'tools', heading: 'Tool catalog' },
  { path: '/scopes', name: 'scopes', heading: 'Scopes' },
  { path: '/budgets', name: 'budgets', heading: 'Budgets' },
  { path: '/simulator', name: 'simulator', heading: 'Policy simulator' },
  { path: '/audit', name: 'audit', heading: 'Audit' },
  { path: '/history', name: 'history', heading: 'Config history' },
  { path: '/fleets', name: 'fleets', heading: 'Fleets' },
] as const;

async function csrfFetch(page: Page, method: string, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      return response.status;
    },
    { method, path, body },
  );
}

describe('the admin console', () => {
  const system = new ConsoleSystem();
  let browser: Browser;
  let tenantId = '';
  let apiKey = '';
  let fleetId = '';

  beforeAll(async () => {
    await system.setUp();
    browser = await launchChromium();
    system.cleanup.defer('close the browser', () => browser.close());
  });
  afterAll(async () => {
    await system.tearDown();
  });

  it('lets an admin sign in through the IdP and create a tenant, a client with an API key, and grant a scope', async () => {
    const context = await newContext(browser, 'light');
    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'admin', demoPassword('admin'));
    await page.getByText('Ada Admin').waitFor();

    // A tenant.
    await page.getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('button', { name: 'New tenant' }).click();
    await page.getByLabel('Name', { exact: true }).fill('BAD NAME');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('must be lowercase letters').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('acme');
    await page.getByLabel('Display name').fill('Acme Corp');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('cell', { name: 'Acme Corp' }).waitFor();

    // A scope.
    await page.getByRole('link', { name: 'Scopes' }).click();
    await page.getByLabel('Name', { exact: true }).fill('calendar.read');
    await page.getByRole('button', { name: 'Create scope' }).click();
    await page.getByRole('cell', { name: 'calendar.read' }).waitFor();

    // A client, its API key (shown once) and the scope.
    await page.getByRole('link', { name: 'Clients & keys' }).click();
    await page.getByLabel('Tenant').selectOption({ label: 'Acme Corp (acme)' });
    tenantId = new URL(page.url()).searchParams.get('tenant') ?? '';
    expect(tenantId).not.toBe('');
    await page.getByRole('button', { name: 'New client' }).click();
    await page.getByLabel('Name', { exact: true }).fill('claude-desktop');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('button', { name: /claude-desktop/ }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    const key = (await page.getByTestId('issued-key').textContent()) ?? '';
    expect(key).toMatch(/^gh_live_/);
    apiKey = key;
    await screenshot(page, 'api-key-shown-once', 'light');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('active', { exact: true }).waitFor();
    await page.getByLabel('Grant a scope').selectOption('calendar.read');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    await page.getByRole('list', { name: 'Granted scopes' }).getByText('calendar.read').waitFor();

    // The rest of a tenant's setup through the admin API (the console shows it): an upstream
    // with its catalog, `echo` needing a scope the client lacks, a fleet with a snapshot.
    const api = new AdminApi(system.baseUrl, system.adminToken);
    const upstream = await api.createUpstream({
      tenantId,
      name: 'everything',
      transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: {} },
    });
    expect((await api.introspect(upstream.id)).state).toBe('completed');
    await api.call('POST', '/scopes', scopeResourceSchema, {
      body: { name: 'files.write' },
      status: 201,
    });
    for (const tool of await api.upstreamTools(upstream.id))
      await api.updateTool(tool.id, {
        enabled: true,
        tier: 'read_only',
        ...(tool.name === 'echo' ? { requiredScopes: ['files.write'] } : {}),
      });
    const fleet = await api.createFleet({ name: 'edge', tenantIds: [tenantId] });
    fleetId = fleet.id;
    await api.raw('POST', `/fleets/${fleet.id}/snapshots`, undefined, 200);
    const clients = await api.call('GET', `/tenants/${tenantId}/clients`, clientPageSchema);
    const clientId = clients.items.find((client) => client.name === 'claude-desktop')?.id ?? '';

    // "What would happen to this call?": refused, and the rule says which scope is missing.
    await page.goto(`${system.baseUrl}/simulator`);
    await page.getByRole('option', { name: 'edge' }).waitFor({ state: 'attached' });
    await page.getByLabel('Fleet').selectOption({ label: 'edge' });
    await page.getByLabel('Client id (optional)').fill(clientId);
    await page.getByLabel('Tool').fill('everything__echo');
    await page.getByLabel('Arguments (JSON)').fill('{"message": "hi"}');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByTestId('simulation').or(page.getByRole('alert')).first().waitFor();
    expect(await page.locator('main').innerText()).toContain('Refused');
    expect(await page.getByTestId('simulation-rule').textContent()).toContain('files.write');
    await screenshot(page, 'simulator-refused', 'light');

    // A budget for the tenant, validated with the shared schema before it is sent.
    await page.getByRole('link', { name: 'Budgets' }).click();
    await page.getByLabel('Tenant').selectOption({ label: 'Acme Corp (acme)' });
    await page.getByText('No budget set').waitFor();
    await page.getByLabel('Limits (JSON)').fill('{"requestsPerMinute": -1}');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await page.getByText(/requestsPerMinute: /).waitFor();
    await page.getByLabel('Limits (JSON)').fill('{"requestsPerMinute": 600}');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await page.getByText('requests per minute').waitFor();
    await page.getByRole('button', { name: 'Remove budget' }).waitFor();

    for (const scheme of ['light', 'dark'] as const) {
      const themed =
        scheme === 'light' ? page : await (await newContext(browser, 'dark')).newPage();
      if (scheme === 'dark') await signIn(themed, system.baseUrl, 'admin', demoPassword('admin'));
      for (const entry of pages) {
        const search = entry.name === 'clients' ? `?tenant=${tenantId}` : '';
        await themed.goto(`${system.baseUrl}${entry.path}${search}`);
        await themed.getByRole('heading', { name: entry.heading, exact: true }).waitFor();
        await themed.waitForLoadState('networkidle');
        if (entry.name === 'clients')
          await themed.getByRole('button', { name: /claude-desktop/ }).click();
        if (entry.name === 'tools') {
          await themed.getByRole('button', { name: 'echo', exact: true }).click();
          await themed.getByText('First version.').waitFor();
        }
        await screenshot(themed, entry.name, scheme);
      }
    }
    // Small screens: the navigation becomes a scrolling bar.
    const narrow = await (await newContext(browser, 'light', 390)).newPage();
    await signIn(narrow, system.baseUrl, 'admin', demoPassword('admin'));
    await narrow.goto(`${system.baseUrl}/tenants`);
    await narrow.getByRole('cell', { name: 'Acme Corp' }).waitFor();
    await screenshot(narrow, 'tenants-narrow', 'light');
    // Nothing sticks out sideways: the page is no wider than the screen.
    expect(
      await narrow.evaluate<number>('document.documentElement.scrollWidth'),
    ).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('shows a call made with the key through a gateway node on the overview and in the audit search', async () => {
    const api = new AdminApi(system.baseUrl, system.adminToken);
    const mcpUrl = await system.startGatewayNode(api, fleetId);
    const client = new Client({ name: 'console-e2e', version: '0.1.0' });
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    });
    await client.connect(transport);
    try {
      const sum = await client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
      expect(JSON.stringify(sum.content)).toContain('5');
      // echo needs files.write, which the client lacks: refused, and audited as such.
      const refused = await client
        .callTool({ name: 'everything__echo', arguments: { message: 'hi' } })
        .then((result) => result.isError === true)
        .catch(() => true);
      expect(refused).toBe(true);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }

    const context = await newContext(browser, 'light');
    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'auditor', demoPassword('auditor'));
    // The audit pipeline is asynchronous (node → Redis stream → control plane): poll.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(`${system.baseUrl}/audit`);
      await page.getByRole('button', { name: 'Search' }).click();
      await page
        .getByTestId('audit-results')
        .or(page.getByText('No audit events match'))
        .first()
        .waitFor();
      if ((await page.getByRole('cell', { name: /get-sum/ }).count()) > 0) break;
      if (Date.now() > deadline) throw new Error('the call did not reach the audit search');
      await page.waitForTimeout(2_000);
    }
    await page.getByRole('cell', { name: /echo/ }).first().waitFor();
    await screenshot(page, 'audit-search-calls', 'light');

    await page.goto(`${system.baseUrl}/`);
    await page.getByRole('img', { name: /Calls, errors and refusals per minute/ }).waitFor();
    expect(Number(await page.getByTestId('stat-calls').textContent())).toBeGreaterThanOrEqual(2);
    await page.getByText('console-e2e-node').waitFor();
    await screenshot(page, 'overview-traffic', 'light');
    await context.close();
  });

  it('shows an auditor no mutation buttons, and the API refuses their changes with 403', async () => {
    const context = await newContext(browser, 'light');
    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'auditor', demoPassword('auditor'));

    await page.goto(`${system.baseUrl}/tenants`);
    await page.getByRole('cell', { name: 'Acme Corp' }).waitFor();
    expect(await page.getByRole('button', { name: 'New tenant' }).count()).toBe(0);
    expect(await page.getByRole('switch').count()).toBe(0);

    await page.goto(`${system.baseUrl}/clients?tenant=${tenantId}`);
    await page.getByRole('button', { name: /claude-desktop/ }).click();
    await page.getByText('calendar.read').waitFor();
    expect(await page.getByRole('button', { name: 'New client' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New API key' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Revoke|Rotate/ }).count()).toBe(0);
    expect(await page.getByLabel('Grant a scope').count()).toBe(0);
    await screenshot(page, 'clients-auditor', 'light');

    await page.goto(`${system.baseUrl}/scopes`);
    await page.getByRole('cell', { name: 'calendar.read' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create scope' }).count()).toBe(0);

    expect(
      await csrfFetch(page, 'POST', '/api/v1/tenants', { name: 'nope', displayName: 'No' }),
    ).toBe(403);
    expect(await csrfFetch(page, 'POST', '/api/v1/scopes', { name: 'nope.write' })).toBe(403);
    expect(await csrfFetch(page, 'PATCH', `/api/v1/tenants/${tenantId}`, { enabled: false })).toBe(
      403,
    );
    await context.close();
  });

  it('lets an auditor search the audit trail and export a report with progress and download', async () => {
    const context = await newContext(browser, 'light');
    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'auditor', demoPassword('auditor'));
    await page.goto(`${system.baseUrl}/audit`);
    await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel('Format').selectOption('jsonl');
    await page.getByRole('button', { name: 'Export report' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download JSONL' }).click({ timeout: 60_000 });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.jsonl$/);
    expect(await file.failure()).toBeNull();
    await screenshot(page, 'audit-export-auditor', 'light');
    await context.close();
  });

  it('signs out through the IdP (RP-initiated logout) back to the login page', async () => {
    const context = await newContext(browser, 'light');
    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'viewer', demoPassword('viewer'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(system.issuer));
    // The IdP asks whether to end its own session too.
    const confirm = page.getByRole('button', { name: /yes/i });
    if ((await confirm.count()) > 0) await confirm.first().click();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
    expect(session).toMatchObject({ authenticated: false });
    await context.close();
  });
});
