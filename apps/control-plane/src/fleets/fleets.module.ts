import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { FleetCredentialsController } from './fleet-credentials.controller.js';
import { FleetCredentialsRepository } from './fleet-credentials.repository.js';
import { FleetCredentialsService } from './fleet-credentials.service.js';
import { FleetsController } from './fleets.controller.js';
import { FleetsRepository } from './fleets.repository.js';
import { FleetsService } from './fleets.service.js';
import { GatewayNodesController } from './gateway-nodes.controller.js';
import { GatewayNodesRepository } from './gateway-nodes.repository.js';
import { GatewayNodesService } from './gateway-nodes.service.js';
import { NodeAuthGuard } from './node-auth.guard.js';
import { NodeAuthService } from './node-auth.service.js';

/** Gateway fleets, their node credentials, and the nodes' heartbeats. */
@Module({
  imports: [ConfigHistoryModule],
  controllers: [FleetsController, FleetCredentialsController, GatewayNodesController],
  providers: [
    FleetsRepository,
    FleetsService,
    FleetCredentialsRepository,
    FleetCredentialsService,
    GatewayNodesRepository,
    GatewayNodesService,
    NodeAuthService,
    NodeAuthGuard,
  ],
  // The snapshots module guards its node-facing pull with the same credentials.
  exports: [FleetsService, NodeAuthService, NodeAuthGuard],
})
export class FleetsModule {}
