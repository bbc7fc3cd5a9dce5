import { Module } from '@nestjs/common';
import { routeRegistry } from '../common/api/route-registry.js';
import { OpenApiController } from './openapi.controller.js';
import { OpenApiService, ROUTE_REGISTRY } from './openapi.service.js';

@Module({
  controllers: [OpenApiController],
  providers: [OpenApiService, { provide: ROUTE_REGISTRY, useValue: routeRegistry }],
  exports: [OpenApiService],
})
export class OpenApiModule {}
