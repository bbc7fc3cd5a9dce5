import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { routeRegistry } from '../common/api/route-registry.js';
import type { AppConfig } from '../config/app-config.js';
import { serveConsole } from '../console/serve-console.js';
import { createLogger } from '../logging/create-logger.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';
import { AppModule } from './app.module.js';
import { assertRoutesRegistered } from './route-check.js';
import type { MountedRoute } from './route-check.js';

export interface CreateAppOptions {
  readonly logger?: Logger;
}

/**
 * The control plane as a Nest application on Fastify, initialised but not listening:
 * main.ts listens, tests use `app.inject()` or listen on a random port.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // A caller's X-Request-Id is kept so its logs and ours correlate; otherwise a UUID.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Long-polls are released at shutdown; a client's half-used keep-alive connection must not
    // hold the close past the grace.
    forceCloseConnections: true,
  });
  const fastify = adapter.getInstance();
  const mounted: MountedRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) mounted.push({ method, url: route.url });
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    // Throw instead of process.exit(1), so main.ts and tests see the cause.
    abortOnError: false,
  });
  // The console (static files, SPA fallback) beside the API: see src/console/serve-console.ts.
  await serveConsole(app, config);
  await app.init();
  assertRoutesRegistered(mounted, routeRegistry);
  return app;
}
