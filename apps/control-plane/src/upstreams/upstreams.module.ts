import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { UpstreamsController } from './upstreams.controller.js';
import { UpstreamsRepository } from './upstreams.repository.js';
import { UpstreamsService } from './upstreams.service.js';

@Module({
  imports: [ConfigHistoryModule, TenantsModule],
  controllers: [UpstreamsController],
  providers: [UpstreamsService, UpstreamsRepository],
  exports: [UpstreamsService],
})
export class UpstreamsModule {}
