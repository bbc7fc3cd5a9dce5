import type { ArgumentSummary } from '@gatehouse/contracts';

/** At most this many argument paths are listed; the total size still counts them all. */
const MAX_PATHS = 64;
const MAX_DEPTH = 4;

const secretKey =
  /(pass(word|wd|phrase)?|secret|token|api[-_]?key|auth(orization)?|credential|private[-_]?key|session|cookie|bearer|signature|ssn|card[-_]?number|cvv)/i;

const secretValuePatterns: readonly RegExp[] = [
  /^(sk|pk|rk)[-_](live|test)?[-_]?[A-Za-z0-9]{12,}/, // Stripe / OpenAI style keys
  /^gh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /^xox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /^AKIA[0-9A-Z]{16}$/, // AWS access key ids
  /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, // JWTs
  /^Bearer\s+\S{8,}/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^gh_[a-z]+_[A-Za-z0-9_-]{16,}/, // Gatehouse's own credentials
];

/** Whether a string looks like a credential (known token shapes, or long high-entropy text). */
export function looksSecret(value: string): boolean {
  if (secretValuePatterns.some((pattern) => pattern.test(value))) return true;
  if (value.length >= 24 && !/\s/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value)) {
    return /\d/.test(value) && new Set(value).size >= 16;
  }
  return false;
}

function typeOf(value: unknown): ArgumentSummary['type'] {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

export interface ArgumentsSummary {
  readonly arguments: ArgumentSummary[];
  readonly argumentsBytes: number;
}

/**
 * Key names, JSON types and sizes of a call's arguments: never a value. A key or value
 * that looks like a secret is flagged `redacted` (the value was not kept either way).
 */
export function summariseArguments(args: unknown): ArgumentsSummary {
  const summaries: ArgumentSummary[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (summaries.length >= MAX_PATHS) return;
    const key = path.slice(path.lastIndexOf('.') + 1);
    const redacted = secretKey.test(key) || (typeof value === 'string' && looksSecret(value));
    summaries.push({
      path,
      type: typeOf(value),
      bytes: byteSize(value),
      ...(redacted ? { redacted: true } : {}),
    });
    if (redacted || depth >= MAX_DEPTH) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        // Key names are kept, but a key that is itself secret-looking is not.
        const safeKey = looksSecret(childKey) ? '[redacted-key]' : childKey.slice(0, 100);
        visit(child, `${path}.${safeKey}`, depth + 1);
      }
    }
  };
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
    for (const [key, value] of Object.entries(args)) {
      visit(value, looksSecret(key) ? '[redacted-key]' : key.slice(0, 100), 1);
    }
  }
  return { arguments: summaries, argumentsBytes: args === undefined ? 0 : byteSize(args) };
}
