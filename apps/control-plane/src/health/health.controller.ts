import { Inject, Res } from '@nestjs/common';
import { livenessSchema, readinessSchema } from '@gatehouse/contracts';
import type { Liveness } from '@gatehouse/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { HealthService } from './health.service.js';

@ApiController({ path: '', tag: 'Health', root: true })
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @ApiRoute({
    method: 'GET',
    path: 'healthz',
    operationId: 'getLiveness',
    summary: 'Liveness: the process is up',
    description:
      'Checks nothing else, so that an orchestrator does not restart the control plane for a database outage.',
    response: livenessSchema,
  })
  @Public()
  liveness(): Liveness {
    return { status: 'ok' };
  }

  @ApiRoute({
    method: 'GET',
    path: 'readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: Postgres and Redis answer',
    response: readinessSchema,
    alternateResponses: [
      { status: 503, description: 'A dependency is unreachable', schema: readinessSchema },
    ],
  })
  @Public()
  async readiness(@Res() reply: FastifyReply): Promise<void> {
    // Written by hand: the status depends on the result, which @HttpCode cannot express.
    const readiness = await this.health.readiness();
    await reply
      .status(readiness.status === 'ready' ? 200 : 503)
      .send(readinessSchema.parse(readiness));
  }
}
