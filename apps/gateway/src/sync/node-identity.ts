import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isValidNodeId(value: string): boolean {
  return NODE_ID.test(value);
}

/**
 * The id this node reports in heartbeats. Kept in the state directory, so a node that restarts
 * is the same node to the control plane rather than a new one beside a dead one.
 */
export async function loadOrCreateNodeId(stateDir: string): Promise<string> {
  const path = join(stateDir, 'node-id');
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (isValidNodeId(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = randomUUID();
  await writeFileAtomically(path, `${created}\n`, { mode: 0o644 });
  return created;
}
