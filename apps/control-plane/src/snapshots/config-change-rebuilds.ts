import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { RecordedChange } from '../config-history/config-history.service.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import { SnapshotPublisher } from './snapshot-publisher.js';

/** Changes that no snapshot contains. */
const notInSnapshots = new Set(['admin_token', 'fleet_credential']);

/**
 * Every committed configuration change (they all pass through config history) asks for the
 * rebuilds it calls for: the fleet itself, the fleets serving the tenant, or every fleet
 * for shared configuration. The changes of one transaction (an introspection records one per
 * tool) are folded into one request per target. A rebuild that finds nothing changed stores
 * nothing.
 */
@Injectable()
export class ConfigChangeRebuilds implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;
  private all = false;
  private readonly fleets = new Set<string>();
  private readonly tenants = new Set<string>();
  private flush: NodeJS.Immediate | undefined;

  constructor(
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
    @Inject(SnapshotPublisher) private readonly publisher: SnapshotPublisher,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.history.onCommitted((change) => this.changed(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.flush) clearImmediate(this.flush);
    this.requestPending();
  }

  private changed(change: RecordedChange): void {
    if (notInSnapshots.has(change.entityType)) return;
    if (change.entityType === 'fleet') {
      if (change.action !== 'delete') this.fleets.add(change.entityId);
    } else if (change.entityType === 'tenant' && change.action === 'delete') {
      // A deleted tenant is no longer linked to the fleets that served it: rebuild them all.
      this.all = true;
    } else if (change.tenantId !== null) {
      this.tenants.add(change.tenantId);
    } else {
      this.all = true;
    }
    // After-commit callbacks of one transaction run back to back: gather them first.
    this.flush ??= setImmediate(() => this.requestPending());
  }

  private requestPending(): void {
    this.flush = undefined;
    const { publisher } = this;
    if (this.all) {
      publisher.request(publisher.requestRebuild('all', 'shared configuration'), 'every fleet');
    } else {
      for (const fleetId of this.fleets)
        publisher.request(publisher.requestRebuild(fleetId), `fleet ${fleetId}`);
      for (const tenantId of this.tenants)
        publisher.request(publisher.requestRebuildForTenant(tenantId), `tenant ${tenantId}`);
    }
    this.all = false;
    this.fleets.clear();
    this.tenants.clear();
  }
}
