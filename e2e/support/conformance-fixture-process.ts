import { ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './repo-root.js';

export interface RunningFixture {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Our conformance fixture (e2e/fixtures/conformance-server) as its own process over
 * Streamable HTTP, on a port it picks itself, once it says where it listens.
 */
export async function startConformanceFixture(echo?: boolean): Promise<RunningFixture> {
  const fixture = ManagedProcess.start({
    name: 'conformance-fixture',
    command: process.execPath,
    args: ['--import', 'tsx', 'e2e/fixtures/conformance-server/main.ts', '--port', '0'],
    cwd: REPO_ROOT,
    echo,
  });
  const stop = async (): Promise<void> => {
    await fixture.stop();
  };
  try {
    const line = await fixture.waitForLine(/conformance fixture listening on \S+/, 30_000);
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (url === undefined) throw new Error(`no URL in "${line}"`);
    return { url, process: fixture, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
