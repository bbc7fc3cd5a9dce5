import { Inject } from '@nestjs/common';
import {
  policySimulationBodySchema,
  policySimulationResultSchema,
  READ_ROLES,
} from '@gatehouse/contracts';
import type { PolicySimulationBody, PolicySimulationResult } from '@gatehouse/contracts';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody } from '../common/api/zod-input.decorators.js';
import { PolicySimulationService } from './policy-simulation.service.js';

@ApiController({ path: 'policy', tag: 'Policy' })
export class PolicySimulationController {
  constructor(
    @Inject(PolicySimulationService) private readonly simulation: PolicySimulationService,
  ) {}

  @ApiRoute({
    method: 'POST',
    path: 'simulate',
    operationId: 'simulatePolicy',
    summary: 'What would the gateway do with this call?',
    description:
      "Decides a `tools/call` as the fleet's nodes would, from its newest signed snapshot and with the same policy functions: authentication (a client, an API key, or token claims), tool resolution, tool access, scopes, argument size, schema and rules. Answers the decision with the rule that refused and the whole rule trail, or the route and limits of an allowed call. Changes nothing; rate-limit and budget counters are not consulted.",
    response: policySimulationResultSchema,
    status: 200,
    errors: ['validation_failed', 'not_found'],
  })
  @Roles(...READ_ROLES)
  simulate(
    @ZodBody(policySimulationBodySchema) body: PolicySimulationBody,
  ): Promise<PolicySimulationResult> {
    return this.simulation.simulate(body);
  }
}
