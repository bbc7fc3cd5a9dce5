import { Inject, Req, Res, UseGuards } from '@nestjs/common';
import { fleetIdParamsSchema, snapshotPullQuerySchema } from '@gatehouse/contracts';
import type { IdParams, SnapshotPullQuery } from '@gatehouse/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import { NodeAuthGuard } from '../fleets/node-auth.guard.js';
import { parseIfNoneMatch, versionEtag } from './if-none-match.js';
import { SnapshotPullService } from './snapshot-pull.service.js';
import type { PullResult } from './snapshot-pull.service.js';

@ApiController({ path: 'fleets', tag: 'Fleets' })
export class SnapshotPullController {
  constructor(@Inject(SnapshotPullService) private readonly pulls: SnapshotPullService) {}

  @ApiRoute({
    method: 'GET',
    path: ':id/snapshot',
    operationId: 'pullFleetSnapshot',
    summary: "A gateway node pulls its fleet's signed snapshot (node credential)",
    description:
      "Called by gateway nodes with their fleet's node credential (`Authorization: Bearer gh_node_...`), not an admin token. " +
      'Answers `200` with the snapshot as a compact JWS (`Content-Type: application/jose`, `ETag: "<version>"`). ' +
      'With `If-None-Match: "<version>"` of the newest version it answers `304 Not Modified`, after holding the request up to `wait` seconds ' +
      'for a newer version (long-poll: a version stored meanwhile is answered at once). `404` while the fleet has no snapshot (after waiting as well).',
    responseDescription: 'The signed snapshot, a compact JWS (application/jose)',
    errors: ['unauthenticated', 'forbidden', 'not_found'],
  })
  @Public()
  @UseGuards(NodeAuthGuard)
  async pull(
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodQuery(snapshotPullQuerySchema) query: SnapshotPullQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const hungUp = new AbortController();
    // The response's close, not the request's: the request "closes" once its body is read.
    reply.raw.once('close', () => hungUp.abort());
    const ifNoneMatch = request.headers['if-none-match'];
    let result: PullResult;
    try {
      result = await this.pulls.pull({
        fleetId: params.id,
        known: parseIfNoneMatch(Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch),
        waitSeconds: query.wait,
        signal: hungUp.signal,
      });
    } catch (error) {
      // Nobody is left to tell (e.g. "no snapshot yet" after the node gave up waiting).
      if (hungUp.signal.aborted) return;
      throw error;
    }
    if (hungUp.signal.aborted) return;
    void reply.header('cache-control', 'no-cache');
    if (result.kind === 'not-modified') {
      await reply.status(304).header('etag', versionEtag(result.version)).send();
      return;
    }
    await reply
      .status(200)
      .header('etag', versionEtag(result.snapshot.version))
      .header('content-type', 'application/jose')
      .send(result.snapshot.jws);
  }
}
