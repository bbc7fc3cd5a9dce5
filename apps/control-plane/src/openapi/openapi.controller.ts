import { Inject } from '@nestjs/common';
import { Public } from '../auth/public.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import type { OpenApiDocument } from './openapi-types.js';
import { OpenApiService } from './openapi.service.js';

@ApiController({ path: 'api', tag: 'Meta', root: true })
export class OpenApiController {
  constructor(@Inject(OpenApiService) private readonly openApi: OpenApiService) {}

  @ApiRoute({
    method: 'GET',
    path: 'openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    responseDescription: 'The OpenAPI 3.1 description of the admin API',
  })
  @Public()
  document(): OpenApiDocument {
    return this.openApi.get();
  }
}
