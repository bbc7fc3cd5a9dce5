import { Inject, Injectable } from '@nestjs/common';
import { snapshotEnvelopeSchema } from '@gatehouse/contracts';
import type { PolicySimulationBody, PolicySimulationResult } from '@gatehouse/contracts';
import { compilePolicy } from '@gatehouse/policy';
import type { CompiledPolicy } from '@gatehouse/policy';
import { DomainError } from '../common/errors/domain-error.js';
import { CurrentSnapshotRepository } from './current-snapshot.repository.js';
import { simulateCall } from './simulate-call.js';

/** Compiled policies kept: one per fleet and version, the newest few. */
const CACHED_POLICIES = 16;

/**
 * The policy simulator: the decision a fleet's nodes would take on a call, from the fleet's
 * newest signed snapshot. Read-only; nothing is counted or stored.
 */
@Injectable()
export class PolicySimulationService {
  private readonly policies = new Map<string, CompiledPolicy>();

  constructor(
    @Inject(CurrentSnapshotRepository) private readonly snapshots: CurrentSnapshotRepository,
  ) {}

  async simulate(body: PolicySimulationBody): Promise<PolicySimulationResult> {
    const snapshot = await this.snapshots.latest(body.fleetId);
    if (!snapshot) {
      if (!(await this.snapshots.fleetExists(body.fleetId)))
        throw DomainError.notFound('fleet', body.fleetId);
      throw new DomainError(
        'not_found',
        `Fleet ${body.fleetId} has no snapshot yet: its nodes serve nothing to simulate.`,
      );
    }
    const policy = this.policyOf(body.fleetId, snapshot.version, snapshot.jws);
    const nowMs = body.at === undefined ? Date.now() : Date.parse(body.at);
    return {
      fleetId: body.fleetId,
      snapshotVersion: snapshot.version,
      ...simulateCall(policy, body, nowMs),
      problems: [...policy.problems],
    };
  }

  private policyOf(fleetId: string, version: number, jws: string): CompiledPolicy {
    const key = `${fleetId}@${version}`;
    const cached = this.policies.get(key);
    if (cached) return cached;
    // Our own row, signed by us: the payload is read without verifying the signature again.
    const payload = jws.split('.')[1] ?? '';
    const envelope = snapshotEnvelopeSchema.parse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    const policy = compilePolicy(envelope.config);
    if (this.policies.size >= CACHED_POLICIES) {
      const oldest = this.policies.keys().next().value;
      if (oldest !== undefined) this.policies.delete(oldest);
    }
    this.policies.set(key, policy);
    return policy;
  }
}
