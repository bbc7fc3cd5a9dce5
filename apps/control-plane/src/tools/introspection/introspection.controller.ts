import { Inject } from '@nestjs/common';
import {
  introspectionJobParamsSchema,
  introspectionJobSchema,
  READ_ROLES,
  upstreamIdParamsSchema,
} from '@gatehouse/contracts';
import type { IdParams, IntrospectionJob, IntrospectionJobParams } from '@gatehouse/contracts';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiController } from '../../common/api/api-controller.decorator.js';
import { ApiRoute } from '../../common/api/api-route.decorator.js';
import { ZodParams } from '../../common/api/zod-input.decorators.js';
import { IntrospectionService } from './introspection.service.js';

@ApiController({ path: '', tag: 'Tools' })
export class IntrospectionController {
  constructor(@Inject(IntrospectionService) private readonly introspection: IntrospectionService) {}

  @ApiRoute({
    method: 'POST',
    path: 'upstreams/:id/introspect',
    operationId: 'introspectUpstream',
    summary: "Read an upstream's tools/list into the catalog now",
    description:
      'Queues a job and answers at once; follow it with GET /jobs/introspection/{jobId}. New tools ' +
      'arrive dangerous and disabled; a changed input schema becomes a new tool version.',
    status: 202,
    response: introspectionJobSchema,
    responseDescription: 'Queued',
    errors: ['not_found', 'unavailable'],
  })
  @Roles('admin')
  introspect(@ZodParams(upstreamIdParamsSchema) params: IdParams): Promise<IntrospectionJob> {
    return this.introspection.request(params.id);
  }

  @ApiRoute({
    method: 'GET',
    path: 'jobs/introspection/:jobId',
    operationId: 'getIntrospectionJob',
    summary: 'Get the state of an introspection job',
    response: introspectionJobSchema,
    errors: ['not_found', 'unavailable'],
  })
  @Roles(...READ_ROLES)
  get(
    @ZodParams(introspectionJobParamsSchema) params: IntrospectionJobParams,
  ): Promise<IntrospectionJob> {
    return this.introspection.job(params.jobId);
  }
}
