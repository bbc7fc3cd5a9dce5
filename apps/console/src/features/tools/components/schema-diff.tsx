import { diffJson } from '../../../lib/json-diff';

const kindStyle = {
  added: 'text-success',
  removed: 'text-destructive',
  changed: 'text-warning',
} as const;

function show(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** The input-schema changes from one tool version to the next. */
export function SchemaDiff({
  before,
  after,
}: {
  readonly before: unknown;
  readonly after: unknown;
}) {
  const changes = diffJson(before, after);
  if (changes.length === 0)
    return <p className="text-sm text-muted-foreground">No schema changes.</p>;
  return (
    <ul className="flex flex-col gap-1 font-mono text-xs" aria-label="Schema changes">
      {changes.map((change) => (
        <li key={change.path} className="break-all">
          <span className={kindStyle[change.kind]}>
            {change.kind === 'added' ? '+' : change.kind === 'removed' ? '−' : '~'} {change.path}
          </span>{' '}
          {change.kind === 'changed'
            ? `${show(change.before)} → ${show(change.after)}`
            : show(change.after ?? change.before)}
        </li>
      ))}
    </ul>
  );
}
