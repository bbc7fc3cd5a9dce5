import type { PolicyRefusal, RefusalReason, TrailStep } from './policy-types.js';

export function refusal(
  reason: RefusalReason,
  rule: string,
  message: string,
  trail: readonly TrailStep[],
  extra: { missingScopes?: readonly string[] } = {},
): PolicyRefusal {
  return { allowed: false, reason, rule, message, trail, ...extra };
}
