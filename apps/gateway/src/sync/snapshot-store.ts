import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';

/**
 * The last good snapshot of a fleet, as the signed JWS it arrived as, in the node's state
 * directory. It is verified again when loaded: the disk is not trusted more than the network.
 */
export class SnapshotStore {
  /** Fleet ids are restricted to file-name-safe characters by the contract. */
  readonly path: string;

  constructor(
    readonly stateDir: string,
    fleetId: string,
  ) {
    this.path = join(stateDir, `snapshot-${fleetId}.jws`);
  }

  /** Creates the state directory (owner-only) if it is not there yet. */
  async prepare(): Promise<void> {
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
  }

  /** The stored JWS, or undefined when none was stored yet. */
  async load(): Promise<string | undefined> {
    try {
      const text = (await readFile(this.path, 'utf8')).trim();
      return text === '' ? undefined : text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(jws: string): Promise<void> {
    await writeFileAtomically(this.path, `${jws}\n`);
  }
}
