import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { BudgetsModule } from '../budgets/budgets.module.js';
import { CanariesModule } from '../canaries/canaries.module.js';
import { ClientsModule } from '../clients/clients.module.js';
import { ResponseSerializerInterceptor } from '../common/api/response-serializer.interceptor.js';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { FleetsModule } from '../fleets/fleets.module.js';
import { HealthModule } from '../health/health.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OpenApiModule } from '../openapi/openapi.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { ScopesModule } from '../scopes/scopes.module.js';
import { SigningKeysModule } from '../signing-keys/signing-keys.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ToolsModule } from '../tools/tools.module.js';
import { UpstreamsModule } from '../upstreams/upstreams.module.js';

/** One module per domain; later issues add theirs to `domainModules`. */
const domainModules = [
  AuthModule,
  TenantsModule,
  ConfigHistoryModule,
  FleetsModule,
  SnapshotsModule,
  ClientsModule,
  ScopesModule,
  UpstreamsModule,
  ToolsModule,
  BudgetsModule,
  CanariesModule,
  AuditModule,
  TelemetryModule,
  PolicyModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        JobsModule,
        SigningKeysModule,
        HealthModule,
        OpenApiModule,
        ...domainModules,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: ResponseSerializerInterceptor },
      ],
    };
  }
}
