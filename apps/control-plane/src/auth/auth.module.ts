import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminTokenRepository } from './admin-token.repository.js';
import { AdminTokenService } from './admin-token.service.js';
import { AuthController } from './auth.controller.js';

@Module({
  imports: [ConfigHistoryModule],
  controllers: [AuthController],
  providers: [
    AdminTokenRepository,
    AdminTokenService,
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
  exports: [AdminTokenService],
})
export class AuthModule {}
