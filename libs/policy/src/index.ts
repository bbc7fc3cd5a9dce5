export * from './policy-types.js';
export * from './compiled-policy.js';
export { compilePolicy } from './compile-policy.js';
export {
  API_KEY_PREFIX,
  ANONYMOUS_CLIENT,
  anonymousIdentity,
  applyClaimRule,
  authenticateApiKey,
  identityForClient,
  identityFromClaims,
  scopesOf,
  sha256Hex,
} from './authenticate.js';
export { canSeeTool, canSeeUpstream, isToolServed, resolveQualifiedName } from './visibility.js';
export { decideToolCall } from './decide-tool-call.js';
export { resolveCallLimits } from './call-limits.js';
export { parseDateBound, resolveDateBound } from './iso-duration.js';
