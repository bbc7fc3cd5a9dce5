import { pino } from 'pino';
import type { LevelWithSilent, Logger } from 'pino';

/** JSON logs. Authorization headers are redacted: they carry admin tokens. */
export function createLogger(level: LevelWithSilent): Logger {
  return pino({
    level,
    base: { service: 'gatehouse-control-plane' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
