import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JsonRpcErrorCode } from '../jsonrpc/jsonrpc-errors.js';
import { sendHttpError } from '../http/http-errors.js';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import { PROTECTED_RESOURCE_PATH, resourceIdentity } from './resource-identity.js';

/**
 * RFC 9728 protected-resource metadata, at the root well-known URI and at the one suffixed with
 * the MCP path (`/.well-known/oauth-protected-resource/mcp`), which MCP clients try first.
 */
export function registerProtectedResourceRoutes(app: FastifyInstance, holder: RuntimeHolder): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const runtime = holder.runtime?.current;
    if (runtime === undefined) {
      void reply.header('retry-after', '5');
      return sendHttpError(
        reply,
        503,
        'Service Unavailable: no configuration in force yet',
        JsonRpcErrorCode.NotReady,
      );
    }
    const suffix = request.url.split('?', 1)[0]?.slice(PROTECTED_RESOURCE_PATH.length) ?? '';
    if (suffix !== '' && suffix !== runtime.config.listen.path) {
      reply.callNotFound();
      return reply;
    }
    const { auth } = runtime.config;
    const { resource } = resourceIdentity(runtime, request.headers);
    return reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'max-age=60')
      .send({
        resource,
        authorization_servers: auth.authorizationServers ?? auth.jwt.map((issuer) => issuer.issuer),
        scopes_supported: runtime.policy.scopes,
        bearer_methods_supported: ['header'],
        resource_name: runtime.config.server.name,
      });
  };
  app.get(PROTECTED_RESOURCE_PATH, serve);
  app.get(`${PROTECTED_RESOURCE_PATH}/*`, serve);
}
