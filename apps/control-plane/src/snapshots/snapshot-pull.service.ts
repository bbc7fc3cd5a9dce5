import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { FleetsService } from '../fleets/fleets.service.js';
import { FleetSnapshotsRepository } from './fleet-snapshots.repository.js';
import type { ServedSnapshot } from './fleet-snapshots.repository.js';
import { SnapshotNotifier } from './snapshot-notifier.js';
import type { WakeReason } from './snapshot-notifier.js';

export interface PullRequest {
  readonly fleetId: string;
  /** The versions the node has (If-None-Match); `'*'` matches any; undefined: none. */
  readonly known: readonly number[] | '*' | undefined;
  readonly waitSeconds: number;
  /** Aborted when the node hangs up. */
  readonly signal: AbortSignal;
}

export type PullResult =
  | { readonly kind: 'snapshot'; readonly snapshot: ServedSnapshot }
  | { readonly kind: 'not-modified'; readonly version: number };

function sleep(ms: number, signal: AbortSignal): { done: Promise<'timeout'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const done = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    onAbort = () => resolve('timeout');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    done,
    cancel: () => {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * The node's pull: the newest snapshot of its fleet, or "not modified" when it has it. With a
 * wait, an unchanged (or not yet built) snapshot holds the request until a new version is
 * stored, on this instance or another, or the wait is over.
 */
@Injectable()
export class SnapshotPullService {
  /** The newest JWS per fleet: every node of a fleet downloads the same bytes. */
  private readonly cache = new Map<string, ServedSnapshot>();

  constructor(
    @Inject(FleetSnapshotsRepository) private readonly snapshots: FleetSnapshotsRepository,
    @Inject(SnapshotNotifier) private readonly notifier: SnapshotNotifier,
    @Inject(FleetsService) private readonly fleets: FleetsService,
  ) {}

  async pull(request: PullRequest): Promise<PullResult> {
    const deadline = Date.now() + request.waitSeconds * 1000;
    for (;;) {
      // Subscribed before looking, so a version stored in between still wakes us.
      const wait = this.notifier.next(request.fleetId);
      try {
        const version = await this.snapshots.latestVersion(request.fleetId);
        if (version !== undefined && !this.isKnown(version, request.known)) {
          const snapshot = await this.load(request.fleetId, version);
          if (snapshot) return { kind: 'snapshot', snapshot };
          continue; // pruned or replaced in between: look again
        }
        const remaining = deadline - Date.now();
        const reason: WakeReason | 'timeout' =
          remaining > 0 && !request.signal.aborted
            ? await this.waitFor(wait.woken, remaining, request.signal)
            : 'timeout';
        if (reason !== 'published') {
          if (version !== undefined) return { kind: 'not-modified', version };
          throw await this.noSnapshotYet(request.fleetId);
        }
      } finally {
        wait.cancel();
      }
    }
  }

  private isKnown(version: number, known: PullRequest['known']): boolean {
    return known === '*' || (known?.includes(version) ?? false);
  }

  private async load(fleetId: string, version: number): Promise<ServedSnapshot | undefined> {
    const cached = this.cache.get(fleetId);
    if (cached?.version === version) return cached;
    const snapshot = await this.snapshots.served(fleetId, version);
    if (snapshot && (cached === undefined || cached.version < snapshot.version))
      this.cache.set(fleetId, snapshot);
    return snapshot;
  }

  private async waitFor(
    woken: Promise<WakeReason>,
    ms: number,
    signal: AbortSignal,
  ): Promise<WakeReason | 'timeout'> {
    const timer = sleep(ms, signal);
    try {
      return await Promise.race([woken, timer.done]);
    } finally {
      timer.cancel();
    }
  }

  private async noSnapshotYet(fleetId: string): Promise<DomainError> {
    const fleet = await this.fleets.get(fleetId);
    const why = fleet.lastBuildError
      ? ` The last build failed: ${fleet.lastBuildError}`
      : ' Its first build has not run yet (it follows every configuration change within a second).';
    return new DomainError(
      'not_found',
      `Fleet ${fleet.name} (${fleetId}) has no snapshot yet.${why}`,
    );
  }
}
