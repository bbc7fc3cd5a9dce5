import { readFile } from 'node:fs/promises';
import { pollUntil } from './poll.js';

export interface UpstreamEvent {
  event: string;
  pid: number;
  at: number;
  [key: string]: unknown;
}

/** What the fixture recorded so far (an absent file is an empty record). */
export async function readUpstreamEvents(file: string): Promise<UpstreamEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as UpstreamEvent);
}

/** Waits until the fixture recorded an event matching `match`. */
export function waitForUpstreamEvent(
  file: string,
  match: (event: UpstreamEvent) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<UpstreamEvent> {
  return pollUntil(async () => (await readUpstreamEvents(file)).find(match), {
    what,
    timeoutMs,
    intervalMs: 100,
  });
}

/** Whether `pid` is still one of our fixture processes (checked by its command line, so a reused pid is left alone). */
export async function isFixtureProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('test-upstream.ts');
}

/**
 * Kills, by pid, every fixture process that recorded a boot in `files` and still runs. Returns
 * the pids it had to kill: a gateway should have stopped them all.
 */
export async function killLeftoverFixtures(files: readonly string[]): Promise<number[]> {
  const killed: number[] = [];
  for (const file of files) {
    for (const event of await readUpstreamEvents(file)) {
      if (event.event !== 'boot' || !(await isFixtureProcess(event.pid))) continue;
      try {
        process.kill(event.pid, 'SIGKILL');
        killed.push(event.pid);
      } catch {
        // Gone between the check and the kill.
      }
    }
  }
  return killed;
}
