import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, writeGatewayConfig } from './support/gateway-node.js';
import { resultText, type ConnectedClient } from './support/mcp-client.js';
import { TestBed } from './support/test-bed.js';
import { fixtureUpstream, httpUpstream } from './support/upstream-configs.js';

// One session, two upstreams of different transports: server-everything over HTTP as
// `everything`, our fixture over stdio as `local`. Names are namespaced; URIs are not.
describe('one session over an HTTP and a stdio upstream', { timeout: 60_000 }, () => {
  const bed = new TestBed();
  let session: ConnectedClient;

  beforeAll(async () => {
    const dir = await bed.tempDir('multi');
    const everything = await bed.everything();
    const configPath = dir.file('gateway.yaml');
    await writeGatewayConfig(
      configPath,
      gatewayConfig({
        upstreams: [
          httpUpstream('everything', everything.url),
          fixtureUpstream('local', { eventsFile: dir.file('events.jsonl') }),
        ],
      }),
    );
    const node = await bed.gateway(configPath);
    session = await bed.client(node.url);
  }, 90_000);

  afterAll(() => bed.teardown(), 90_000);

  it('introduces itself as the gateway', () => {
    expect(session.client.getServerVersion()?.name).toBe('gatehouse');
    expect(session.client.getServerCapabilities()?.tools).toBeDefined();
  });

  it('merges the instructions of every upstream, each tagged with its namespace', () => {
    const instructions = session.client.getInstructions() ?? '';
    expect(instructions).toContain('[local] Test upstream for Gatehouse.');
    expect(instructions).toContain('[everything]');
  });

  it('lists the tools of both upstreams, each under its namespace', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything__echo',
        'everything__get-sum',
        'local__echo',
        'local__slow',
      ]),
    );
    expect(
      names.every((name) => name.startsWith('everything__') || name.startsWith('local__')),
    ).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const localEcho = tools.find((tool) => tool.name === 'local__echo');
    expect(localEcho?.inputSchema.required).toEqual(['text']);
  });

  it('routes a call to the upstream its namespace names', async () => {
    const viaHttp = await session.client.callTool({
      name: 'everything__echo',
      arguments: { message: 'over http' },
    });
    expect(resultText(viaHttp)).toBe('Echo: over http');
    const viaStdio = await session.client.callTool({
      name: 'local__echo',
      arguments: { text: 'over stdio' },
    });
    expect(resultText(viaStdio)).toBe('echo: over stdio');
    const sum = await session.client.callTool({
      name: 'everything__get-sum',
      arguments: { a: 2, b: 40 },
    });
    expect(resultText(sum)).toContain('42');
  });

  it('answers an unknown tool with -32602, naming it', async () => {
    await expect(
      session.client.callTool({ name: 'nowhere__echo', arguments: {} }),
    ).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('nowhere__echo') as unknown,
    });
  });

  it('lists resources of both upstreams with their URIs unchanged, and reads each from its owner', async () => {
    const { resources } = await session.client.listResources();
    const uris = resources.map((resource) => resource.uri);
    expect(uris).toContain('fixture://notes/readme');
    const everythingDoc = uris.find((uri) => uri.startsWith('demo://resource/static/document/'));
    expect(everythingDoc).toBeDefined();

    const local = await session.client.readResource({ uri: 'fixture://notes/readme' });
    expect(local.contents).toEqual([
      { uri: 'fixture://notes/readme', mimeType: 'text/plain', text: 'fixture readme' },
    ]);
    const remote = await session.client.readResource({ uri: everythingDoc ?? '' });
    expect(remote.contents[0]?.uri).toBe(everythingDoc);
    const first = remote.contents[0];
    expect(first !== undefined && 'text' in first ? first.text.length : 0).toBeGreaterThan(0);
  });

  it('reads a templated resource through the template its upstream listed', async () => {
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toContain(
      'demo://resource/dynamic/text/{resourceId}',
    );
    const read = await session.client.readResource({ uri: 'demo://resource/dynamic/text/7' });
    expect(read.contents[0]?.uri).toBe('demo://resource/dynamic/text/7');
  });

  it('answers a read of a URI nobody owns with a resource-not-found error', async () => {
    await expect(session.client.readResource({ uri: 'nobody://nothing' })).rejects.toMatchObject({
      code: -32002,
    });
  });

  it('lists prompts of both upstreams, namespaced, and gets each from its owner', async () => {
    const { prompts } = await session.client.listPrompts();
    const names = prompts.map((prompt) => prompt.name);
    expect(names).toEqual(expect.arrayContaining(['everything__simple-prompt', 'local__greet']));

    const greet = await session.client.getPrompt({
      name: 'local__greet',
      arguments: { name: 'Ada' },
    });
    expect(greet.messages[0]?.content).toEqual({ type: 'text', text: 'Hello, Ada!' });
    const simple = await session.client.getPrompt({ name: 'everything__simple-prompt' });
    expect(simple.messages[0]?.content).toEqual({
      type: 'text',
      text: 'This is a simple prompt without arguments.',
    });
  });

  it('answers ping itself', async () => {
    await expect(session.client.ping()).resolves.toEqual({});
  });
});
