import type { UpstreamConfig } from './upstream.schema.js';

export const NAMESPACE_SEPARATOR = '__';

export function namespaceOf(upstream: Pick<UpstreamConfig, 'name' | 'namespace'>): string {
  return upstream.namespace ?? upstream.name;
}

/** `<namespace>__<name>`, or the bare name for an upstream without prefix. */
export function qualifyName(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}${NAMESPACE_SEPARATOR}${name}`;
}

/** Splits at the first `__`; the namespace may not exist, the caller decides. */
export function splitQualifiedName(
  qualified: string,
): { namespace: string; name: string } | undefined {
  const at = qualified.indexOf(NAMESPACE_SEPARATOR);
  if (at <= 0) return undefined;
  return {
    namespace: qualified.slice(0, at),
    name: qualified.slice(at + NAMESPACE_SEPARATOR.length),
  };
}
