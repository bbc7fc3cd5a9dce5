import { Module } from '@nestjs/common';
import { ConfigHistoryController } from './config-history.controller.js';
import { ConfigHistoryRepository } from './config-history.repository.js';
import { ConfigHistoryService } from './config-history.service.js';

/** Imported by every module whose changes are recorded (they inject ConfigHistoryService). */
@Module({
  controllers: [ConfigHistoryController],
  providers: [ConfigHistoryService, ConfigHistoryRepository],
  exports: [ConfigHistoryService],
})
export class ConfigHistoryModule {}
