import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { ClientScopesController } from './client-scopes.controller.js';
import { ClientScopesRepository } from './client-scopes.repository.js';
import { ClientScopesService } from './client-scopes.service.js';
import { ScopesController } from './scopes.controller.js';
import { ScopesRepository } from './scopes.repository.js';
import { ScopesService } from './scopes.service.js';

@Module({
  imports: [ConfigHistoryModule, ClientsModule],
  controllers: [ScopesController, ClientScopesController],
  providers: [ScopesService, ScopesRepository, ClientScopesService, ClientScopesRepository],
  exports: [ScopesService],
})
export class ScopesModule {}
