import { Inject } from '@nestjs/common';
import {
  configChangePageSchema,
  listConfigHistoryQuerySchema,
  READ_ROLES,
} from '@gatehouse/contracts';
import type { ConfigChangePage, ListConfigHistoryQuery } from '@gatehouse/contracts';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodQuery } from '../common/api/zod-input.decorators.js';
import { Roles } from '../auth/roles.decorator.js';
import { ConfigHistoryService } from './config-history.service.js';

@ApiController({ path: 'config-history', tag: 'Config history' })
export class ConfigHistoryController {
  constructor(@Inject(ConfigHistoryService) private readonly history: ConfigHistoryService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listConfigHistory',
    summary: 'List configuration changes, newest first',
    description:
      'Who changed what and when, with the entity before and after. Filter by entity or tenant.',
    response: configChangePageSchema,
  })
  @Roles(...READ_ROLES)
  list(
    @ZodQuery(listConfigHistoryQuerySchema) query: ListConfigHistoryQuery,
  ): Promise<ConfigChangePage> {
    return this.history.list(query);
  }
}
