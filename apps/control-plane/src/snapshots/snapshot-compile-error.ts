import type { ConfigProblem } from '@gatehouse/contracts';

/** The fleet's configuration cannot make a snapshot a node would accept; says why, per field. */
export class SnapshotCompileError extends Error {
  constructor(
    readonly fleetId: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `The configuration of fleet ${fleetId} cannot be compiled into a snapshot: ${problems
        .map((problem) =>
          problem.path === '(root)' ? problem.message : `${problem.path}: ${problem.message}`,
        )
        .join('; ')}`,
    );
    this.name = 'SnapshotCompileError';
  }
}
