const DURATION =
  /^([+-])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * A bound of a date rule: an ISO 8601 instant (fixed), or a duration relative to the time of
 * the call (`-P30D` = thirty days ago, `P7D` = a week ahead). Compiled once; resolved per call.
 */
export type DateBound =
  { kind: 'instant'; ms: number } | { kind: 'relative'; apply(nowMs: number): number };

export function parseDateBound(text: string): DateBound | undefined {
  const match = DURATION.exec(text);
  if (match !== null && text !== 'P' && !text.endsWith('T')) {
    const sign = match[1] === '-' ? -1 : 1;
    const part = (index: number): number => Number(match[index] ?? 0);
    const [years, months, weeks, days] = [part(2), part(3), part(4), part(5)];
    const [hours, minutes, seconds] = [part(6), part(7), part(8)];
    const fixedMs = ((weeks * 7 + days) * 86_400 + hours * 3_600 + minutes * 60 + seconds) * 1_000;
    return {
      kind: 'relative',
      apply(nowMs) {
        // Years and months are calendar steps, not fixed lengths.
        const date = new Date(nowMs);
        if (years !== 0 || months !== 0)
          date.setUTCMonth(date.getUTCMonth() + sign * (years * 12 + months));
        return date.getTime() + sign * fixedMs;
      },
    };
  }
  const ms = parseInstant(text);
  return ms === undefined ? undefined : { kind: 'instant', ms };
}

export function resolveDateBound(bound: DateBound, nowMs: number): number {
  return bound.kind === 'instant' ? bound.ms : bound.apply(nowMs);
}

/** An ISO 8601 date or date-time; anything `Date` would guess at (e.g. "March 3") is refused. */
export function parseInstant(text: string): number | undefined {
  if (
    !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(
      text,
    )
  )
    return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
