import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';

/** apps/console/dist of this checkout, from src/console/ (tsx) or from dist/ (the bundle). */
export const defaultConsoleDir =
  ['../../../console/dist', '../../console/dist']
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((dir) => existsSync(resolve(dir, 'index.html'))) ??
  fileURLToPath(new URL('../../../console/dist', import.meta.url));

/** Paths the control plane answers itself; everything else GET is the console (SPA). */
function isApiPath(path: string): boolean {
  return (
    path === '/api' ||
    path.startsWith('/api/') ||
    path === '/healthz' ||
    path === '/readyz' ||
    path === '/metrics'
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built console at `/`: its files, and index.html for any other GET outside the
 * API (client-side routes). No route is mounted (an onRequest hook answers), so the admin
 * API's route table stays exactly what the registry declares.
 */
export async function serveConsole(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const dir = config.console.dir;
  if (dir === null || !existsSync(resolve(dir, 'index.html'))) {
    app
      .getHttpAdapter()
      .getInstance()
      .log.info(`console not served: no built console at ${dir ?? '(off)'}`);
    return;
  }
  const root = resolve(dir);
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const path = (request.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    if (isApiPath(path)) return;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return;
    }
    const file = resolve(root, `.${decoded}`);
    if (file.startsWith(`${root}${sep}`) && isFile(file)) {
      const hashed = decoded.startsWith('/assets/');
      void reply.header(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return reply.sendFile(relative(root, file));
    }
    if (decoded.startsWith('/assets/')) return; // a missing asset is a 404, not the app
    void reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
