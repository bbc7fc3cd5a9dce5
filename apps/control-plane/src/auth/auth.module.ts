import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminTokenRepository } from './admin-token.repository.js';
import { AdminTokenService } from './admin-token.service.js';
import { AuthController } from './auth.controller.js';
import { ConsoleLogins } from './oidc/console-logins.js';
import { ConsoleSessionService } from './oidc/console-session.service.js';
import { OidcClientService } from './oidc/oidc-client.service.js';
import { OidcController } from './oidc/oidc.controller.js';
import { SessionStore } from './oidc/session.store.js';

@Module({
  imports: [ConfigHistoryModule],
  controllers: [AuthController, OidcController],
  providers: [
    AdminTokenRepository,
    AdminTokenService,
    SessionStore,
    OidcClientService,
    ConsoleSessionService,
    ConsoleLogins,
    { provide: APP_GUARD, useClass: AdminAuthGuard },
  ],
  exports: [AdminTokenService, ConsoleLogins],
})
export class AuthModule {}
