import { pino, type Logger, type LevelWithSilent } from 'pino';
import { traceFields } from '../telemetry/spans.js';

/** JSON logs; secrets that may sit in headers or config are redacted, payloads are never logged. */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service: 'gatehouse-gateway' },
    // Every line logged within a traced request carries its trace and span ids.
    mixin: () => traceFields(),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'headers.authorization',
        'headers.cookie',
        '*.secret',
        '*.*.secret',
        'config.sessions.secret',
      ],
      censor: '[redacted]',
    },
  });
}
