import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { ResponseSerializerInterceptor } from '../common/api/response-serializer.interceptor.js';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { HealthModule } from '../health/health.module.js';
import { OpenApiModule } from '../openapi/openapi.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';

/** One module per domain; later issues add theirs to `domainModules`. */
const domainModules = [AuthModule, TenantsModule, ConfigHistoryModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
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
