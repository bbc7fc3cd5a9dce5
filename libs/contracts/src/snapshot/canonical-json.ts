/**
 * The one byte-exact JSON form of a value, so the control plane and every node hash and sign
 * the same bytes for the same config whatever order its keys were built in: object keys
 * sorted by UTF-16 code units, no whitespace, numbers and strings as `JSON.stringify` writes
 * them (the RFC 8785 rules for the values a config holds).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set<object>(), '$');
  return parts.join('');
}

/** A value that has no single JSON form (so no stable hash) was given. */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot serialise ${path} canonically: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

function write(value: unknown, parts: string[], ancestors: Set<object>, path: string): void {
  switch (typeof value) {
    case 'string':
      // Well-formed JSON.stringify escapes lone surrogates, so every string has one form.
      parts.push(JSON.stringify(value));
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      // Number::toString is the shortest round-tripping form; -0 becomes 0.
      parts.push(JSON.stringify(value));
      return;
    case 'object':
      if (value === null) {
        parts.push('null');
        return;
      }
      if (ancestors.has(value)) throw new CanonicalJsonError(path, 'circular reference');
      ancestors.add(value);
      if (Array.isArray(value)) writeArray(value as readonly unknown[], parts, ancestors, path);
      else writeObject(value, parts, ancestors, path);
      ancestors.delete(value);
      return;
    default:
      // undefined, bigint, symbol, function: JSON.stringify would drop or throw on these
      // depending on where they sit; refusing keeps the hash meaningful.
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }
}

function writeArray(
  items: readonly unknown[],
  parts: string[],
  ancestors: Set<object>,
  path: string,
): void {
  parts.push('[');
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) parts.push(',');
    write(items[index], parts, ancestors, `${path}[${index}]`);
  }
  parts.push(']');
}

function writeObject(value: object, parts: string[], ancestors: Set<object>, path: string): void {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    // Dates, Maps, class instances: their JSON form depends on toJSON or is lossy.
    throw new CanonicalJsonError(
      path,
      `${Object.prototype.toString.call(value)} is not a plain object`,
    );
  }
  const record = value as Readonly<Record<string, unknown>>;
  // Default sort compares UTF-16 code units, which is what RFC 8785 prescribes.
  const keys = Object.keys(record).sort();
  parts.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    // An absent optional field and one set to undefined are the same config.
    if (item === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    write(item, parts, ancestors, `${path}.${key}`);
  }
  parts.push('}');
}
