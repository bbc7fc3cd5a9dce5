import type { PolicySimulationBody, PolicySimulationResult } from '@gatehouse/contracts';
import {
  anonymousIdentity,
  authenticateApiKey,
  decideToolCall,
  identityForClient,
  identityFromClaims,
} from '@gatehouse/policy';
import type { AuthenticationResult, CompiledPolicy, PolicyDecision } from '@gatehouse/policy';

type Outcome = Omit<PolicySimulationResult, 'fleetId' | 'snapshotVersion' | 'problems'>;

/** Who the caller is, as a node would establish it from what the request carries. */
function authenticate(
  policy: CompiledPolicy,
  body: PolicySimulationBody,
  nowMs: number,
): AuthenticationResult {
  if (body.client !== undefined) return identityForClient(policy, body.client);
  if (body.apiKey !== undefined) return authenticateApiKey(policy, body.apiKey, nowMs);
  if (body.claims !== undefined) {
    const { issuer, claims } = body.claims;
    const config = policy.auth.jwt.find((entry) => entry.issuer === issuer);
    if (config === undefined) {
      const rule = 'jwt:issuer';
      const message = 'the token was not issued by an issuer this gateway accepts';
      return {
        ok: false,
        refusal: {
          allowed: false,
          reason: 'unauthenticated',
          rule,
          message,
          trail: [{ step: 'authenticate', rule, outcome: 'refuse', detail: 'unauthenticated' }],
        },
      };
    }
    return identityFromClaims(policy, config, claims);
  }
  return anonymousIdentity(policy);
}

function outcomeOf(decision: PolicyDecision): Outcome {
  if (!decision.allowed) {
    return {
      allowed: false,
      reason: decision.reason,
      rule: decision.rule,
      message: decision.message,
      ...(decision.missingScopes === undefined
        ? {}
        : { missingScopes: [...decision.missingScopes] }),
      trail: [...decision.trail],
    };
  }
  return {
    allowed: true,
    route: {
      upstream: decision.upstream,
      tool: decision.tool,
      qualifiedName: decision.qualifiedName,
    },
    limits: decision.limits,
    trail: [...decision.trail],
  };
}

/**
 * The gateway's decision on one call, step for step: authenticate, then decide the call with
 * the same pure functions the nodes run. Counters (rate limits, budgets, concurrency) live on
 * the nodes and in Redis; the simulator reports the limits the call would take, not their state.
 */
export function simulateCall(
  policy: CompiledPolicy,
  body: PolicySimulationBody,
  nowMs: number,
): Outcome {
  const authenticated = authenticate(policy, body, nowMs);
  if (!authenticated.ok) return outcomeOf(authenticated.refusal);
  const { identity } = authenticated;
  const decision = decideToolCall(
    policy,
    identity,
    { name: body.call.name, arguments: body.call.arguments },
    nowMs,
  );
  return {
    ...outcomeOf(decision),
    identity: {
      tenant: identity.tenant,
      client: identity.client,
      ...(identity.user === undefined ? {} : { user: identity.user }),
      scopes: [...identity.scopes],
      credential: identity.credential,
      ...(identity.credentialId === undefined ? {} : { credentialId: identity.credentialId }),
    },
  };
}
