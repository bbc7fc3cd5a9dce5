import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ClientKeysController } from './client-keys.controller.js';
import { ClientKeysRepository } from './client-keys.repository.js';
import { ClientKeysService } from './client-keys.service.js';
import { ClientsController } from './clients.controller.js';
import { ClientsRepository } from './clients.repository.js';
import { ClientsService } from './clients.service.js';

@Module({
  imports: [ConfigHistoryModule, TenantsModule],
  controllers: [ClientsController, ClientKeysController],
  providers: [ClientsService, ClientsRepository, ClientKeysService, ClientKeysRepository],
  exports: [ClientsService],
})
export class ClientsModule {}
