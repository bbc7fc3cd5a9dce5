import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { loadSigningKeys } from './load-signing-keys.js';
import { SigningKeysController } from './signing-keys.controller.js';
import { SigningKeysService } from './signing-keys.service.js';

async function createSigningKeys(config: AppConfig): Promise<SigningKeysService> {
  const logger = new Logger('SigningKeys');
  const loaded = await loadSigningKeys(config.snapshots);
  if (loaded.created) {
    logger.warn(
      `Generated a new snapshot signing key (kid ${loaded.current.kid}) at ${config.snapshots.signingKeyFile}. ` +
        'Gateway nodes must trust its public key: GET /api/v1/signing-keys, or the export-trusted-keys command.',
    );
  }
  for (const warning of loaded.warnings) logger.warn(warning);
  const service = new SigningKeysService(loaded);
  logger.log(
    `Signing snapshots with key ${service.currentKid}; publishing ${service.published.length} key(s)`,
  );
  return service;
}

/**
 * The control plane's snapshot signing keys, loaded (or created) once at boot: a key file
 * that cannot be read stops the boot with the variable and path named.
 */
@Global()
@Module({
  controllers: [SigningKeysController],
  providers: [{ provide: SigningKeysService, useFactory: createSigningKeys, inject: [APP_CONFIG] }],
  exports: [SigningKeysService],
})
export class SigningKeysModule {}
