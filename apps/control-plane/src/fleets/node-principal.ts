/** A gateway node as its credential identifies it: a fleet, not a node (nodes are cattle). */
export interface NodePrincipal {
  readonly fleetId: string;
  readonly credentialId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by NodeAuthGuard on the node-facing routes. */
    gatewayNode?: NodePrincipal;
  }
}
