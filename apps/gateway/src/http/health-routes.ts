import type { FastifyInstance } from 'fastify';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';

/** Liveness says the process serves; readiness says config is loaded and every upstream was probed. */
export function registerHealthRoutes(
  app: FastifyInstance,
  runtime: GatewayRuntime,
  isDraining: () => boolean,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const upstreams = runtime.upstreamHealth();
    const ready = runtime.ready && !isDraining();
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : isDraining() ? 'draining' : 'starting',
      configGeneration: runtime.current.generation,
      upstreams,
    });
  });
}
