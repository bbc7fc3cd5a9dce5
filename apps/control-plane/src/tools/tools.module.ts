import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { UpstreamsModule } from '../upstreams/upstreams.module.js';
import { IntrospectionController } from './introspection/introspection.controller.js';
import { IntrospectionProcessor } from './introspection/introspection.processor.js';
import { IntrospectionQueue } from './introspection/introspection.queue.js';
import { IntrospectionService } from './introspection/introspection.service.js';
import { IntrospectionWorker } from './introspection/introspection.worker.js';
import { ToolCatalogRepository } from './introspection/tool-catalog.repository.js';
import { ToolCatalogService } from './introspection/tool-catalog.service.js';
import { UpstreamIntrospector } from './introspection/upstream-introspector.js';
import { ToolsController } from './tools.controller.js';
import { ToolsRepository } from './tools.repository.js';
import { ToolsService } from './tools.service.js';

/** The tool catalog: what introspection discovers, and what admins decide about each tool. */
@Module({
  imports: [ConfigHistoryModule, UpstreamsModule],
  controllers: [ToolsController, IntrospectionController],
  providers: [
    ToolsService,
    ToolsRepository,
    ToolCatalogService,
    ToolCatalogRepository,
    UpstreamIntrospector,
    IntrospectionQueue,
    IntrospectionProcessor,
    IntrospectionService,
    IntrospectionWorker,
  ],
  exports: [ToolsService],
})
export class ToolsModule {}
