/** One changed path between two JSON values (`a.b[2]`), for config history and schema diffs. */
export interface JsonChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The leaf-level differences between `before` and `after`, sorted by path. */
export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined) return [{ path: path || '(root)', kind: 'added', after }];
  if (after === undefined) return [{ path: path || '(root)', kind: 'removed', before }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffJson(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      diffJson(before[index], after[index], `${path}[${index}]`),
    ).flat();
  }
  return [{ path: path || '(root)', kind: 'changed', before, after }];
}
