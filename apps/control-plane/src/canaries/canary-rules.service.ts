import { Inject, Injectable } from '@nestjs/common';
import type {
  CanaryRulePage,
  CanaryRuleResource,
  ClientResource,
  CreateCanaryRuleBody,
  ListCanaryRulesQuery,
  UpdateCanaryRuleBody,
} from '@gatehouse/contracts';
import { ClientsService } from '../clients/clients.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { ToolsService } from '../tools/tools.service.js';
import { CanaryRulesRepository } from './canary-rules.repository.js';

const entityType = 'canary_rule';

/**
 * Canary rules (stored now, enforced by the gateway later): which version of a tool a
 * tenant, one client, or a share of clients gets.
 */
@Injectable()
export class CanaryRulesService {
  constructor(
    @Inject(CanaryRulesRepository) private readonly rules: CanaryRulesRepository,
    @Inject(ToolsService) private readonly tools: ToolsService,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(ClientsService) private readonly clients: ClientsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(query: ListCanaryRulesQuery): Promise<CanaryRulePage> {
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.rules.list({
      toolId: query.toolId,
      tenantId: query.tenantId,
      afterId,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (rule) => rule.id);
  }

  async get(id: string): Promise<CanaryRuleResource> {
    const rule = await this.rules.findById(id);
    if (!rule) throw DomainError.notFound('canary rule', id);
    return rule;
  }

  async create(context: ChangeContext, body: CreateCanaryRuleBody): Promise<CanaryRuleResource> {
    const tool = await this.tools.record(body.toolId);
    if (body.tenantId !== null) await this.tenants.get(body.tenantId);
    const client = body.clientId === null ? undefined : await this.clients.getById(body.clientId);
    if (client && body.tenantId !== null && client.tenantId !== body.tenantId) {
      throw DomainError.validation([
        { path: 'clientId', message: `is a client of tenant ${client.tenantId}, not of tenantId` },
      ]);
    }
    const ruleTenant = body.tenantId ?? client?.tenantId ?? null;
    if (tool.tenantId !== null && ruleTenant !== null && tool.tenantId !== ruleTenant) {
      throw DomainError.validation([
        {
          path: 'toolId',
          message: `belongs to an upstream of tenant ${tool.tenantId}, which the rule's clients cannot call`,
        },
      ]);
    }
    return this.transactions.run(async (tx) => {
      await this.assertVersion(tx, body.toolId, body.toolVersionId);
      const rule = await this.rules.create(tx, body);
      await this.history.record(tx, context, {
        entityType,
        entityId: rule.id,
        tenantId: ruleTenant ?? tool.tenantId,
        action: 'create',
        before: null,
        after: rule,
      });
      return rule;
    });
  }

  update(
    context: ChangeContext,
    id: string,
    patch: UpdateCanaryRuleBody,
  ): Promise<CanaryRuleResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      if (patch.toolVersionId !== undefined)
        await this.assertVersion(tx, before.toolId, patch.toolVersionId);
      if (before.clientId !== null && patch.percentage !== undefined && patch.percentage !== null) {
        throw DomainError.validation([
          { path: 'percentage', message: 'a rule for one client routes all of its calls' },
        ]);
      }
      const after = await this.rules.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: await this.ruleTenant(after),
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  delete(context: ChangeContext, id: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      await this.rules.delete(tx, id);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: await this.ruleTenant(before),
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async assertVersion(tx: DbClient, toolId: string, versionId: string): Promise<void> {
    if (!(await this.tools.hasVersion(tx, toolId, versionId))) {
      throw new DomainError('not_found', `Tool ${toolId} has no version with id ${versionId}.`);
    }
  }

  /** The tenant whose history the rule belongs to. */
  private async ruleTenant(rule: CanaryRuleResource): Promise<string | null> {
    if (rule.tenantId !== null) return rule.tenantId;
    const client: ClientResource | undefined =
      rule.clientId === null ? undefined : await this.clients.getById(rule.clientId);
    return client?.tenantId ?? (await this.tools.record(rule.toolId)).tenantId;
  }

  private async lockExisting(tx: DbClient, id: string): Promise<CanaryRuleResource> {
    const rule = await this.rules.findByIdForUpdate(tx, id);
    if (!rule) throw DomainError.notFound('canary rule', id);
    return rule;
  }
}
