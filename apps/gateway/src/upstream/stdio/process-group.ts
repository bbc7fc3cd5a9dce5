import type { ChildProcess } from 'node:child_process';

/**
 * On POSIX each child gets its own process group so that one signal reaches everything it
 * started: `npx`, `sh -c` and friends otherwise leave their own children running when
 * only the direct child is killed.
 */
export const useProcessGroups = process.platform !== 'win32';

/** Signals the child's whole process group, falling back to the child alone. Never throws. */
export function signalProcessTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (useProcessGroups) {
    try {
      process.kill(-pid, signal);
      return;
    } catch {
      // ESRCH: the group is already gone; EPERM: not ours. Try the child itself below.
    }
  }
  try {
    child.kill(signal);
  } catch {
    // Already reaped; nothing left to signal.
  }
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Tracks a child until it is gone, so that if this process exits without stopping it
 * (a crash path calling process.exit, a test runner tearing down) the child's group is
 * killed rather than orphaned. Signals and SIGKILL of this process are not covered; for
 * those the child sees its stdin close, which MCP servers treat as shutdown.
 */
export function trackChild(child: ChildProcess): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const tracked of live) signalProcessTree(tracked, 'SIGKILL');
    });
  }
  live.add(child);
  return () => {
    live.delete(child);
  };
}
