import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { CanaryRulesController } from './canary-rules.controller.js';
import { CanaryRulesRepository } from './canary-rules.repository.js';
import { CanaryRulesService } from './canary-rules.service.js';

@Module({
  imports: [ConfigHistoryModule, TenantsModule, ClientsModule, ToolsModule],
  controllers: [CanaryRulesController],
  providers: [CanaryRulesService, CanaryRulesRepository],
})
export class CanariesModule {}
