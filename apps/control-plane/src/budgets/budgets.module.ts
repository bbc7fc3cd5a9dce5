import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { BudgetsRepository } from './budgets.repository.js';
import { BudgetsService } from './budgets.service.js';
import { TenantBudgetsController } from './tenant-budgets.controller.js';
import { TenantToolBudgetsController } from './tenant-tool-budgets.controller.js';
import { ToolBudgetsController } from './tool-budgets.controller.js';

@Module({
  imports: [ConfigHistoryModule, TenantsModule, ToolsModule],
  controllers: [TenantBudgetsController, ToolBudgetsController, TenantToolBudgetsController],
  providers: [BudgetsService, BudgetsRepository],
})
export class BudgetsModule {}
