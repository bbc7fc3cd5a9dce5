import { Inject } from '@nestjs/common';
import {
  fleetIdParamsSchema,
  fleetSnapshotPageSchema,
  listFleetSnapshotsQuerySchema,
  READ_ROLES,
  snapshotBuildResultSchema,
} from '@gatehouse/contracts';
import type {
  FleetSnapshotPage,
  IdParams,
  ListFleetSnapshotsQuery,
  SnapshotBuildResult,
} from '@gatehouse/contracts';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import { FleetSnapshotsService } from './fleet-snapshots.service.js';

@ApiController({ path: 'fleets', tag: 'Fleets' })
export class FleetSnapshotsController {
  constructor(@Inject(FleetSnapshotsService) private readonly snapshots: FleetSnapshotsService) {}

  @ApiRoute({
    method: 'GET',
    path: ':id/snapshots',
    operationId: 'listFleetSnapshots',
    summary: "List a fleet's signed snapshots, newest first",
    description: 'The newest 50 versions are kept.',
    response: fleetSnapshotPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodQuery(listFleetSnapshotsQuerySchema) query: ListFleetSnapshotsQuery,
  ): Promise<FleetSnapshotPage> {
    return this.snapshots.list(params.id, query);
  }

  @ApiRoute({
    method: 'POST',
    path: ':id/snapshots',
    operationId: 'buildFleetSnapshot',
    summary: "Build a fleet's snapshot now",
    description:
      'Snapshots are rebuilt by themselves after every configuration change; this builds at once and tells the outcome. A new version is stored only when the content (or the signing key) changed. `409` names what keeps the configuration from compiling; nodes keep their snapshot meanwhile.',
    response: snapshotBuildResultSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  build(@ZodParams(fleetIdParamsSchema) params: IdParams): Promise<SnapshotBuildResult> {
    return this.snapshots.build(params.id);
  }
}
