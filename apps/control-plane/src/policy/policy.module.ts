import { Module } from '@nestjs/common';
import { CurrentSnapshotRepository } from './current-snapshot.repository.js';
import { PolicySimulationController } from './policy-simulation.controller.js';
import { PolicySimulationService } from './policy-simulation.service.js';

@Module({
  controllers: [PolicySimulationController],
  providers: [PolicySimulationService, CurrentSnapshotRepository],
})
export class PolicyModule {}
