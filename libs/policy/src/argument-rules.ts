import type { ArgumentRule } from '@gatehouse/contracts';
import { parseDateBound, parseInstant, resolveDateBound, type DateBound } from './iso-duration.js';

/** What a failed rule says: its id, and a sentence saying what is wrong and what to change. */
export interface RuleViolation {
  readonly rule: string;
  readonly message: string;
}

/** A rule compiled once per snapshot: its path split, its pattern and bounds parsed. */
export interface CompiledRule {
  readonly id: string;
  /** Why the rule could not compile (it then refuses every call): for the config validator. */
  readonly problem?: string;
  check(args: unknown, nowMs: number): RuleViolation | undefined;
}

type Scalar = string | number | boolean;

export function ruleId(rule: ArgumentRule): string {
  return rule.id ?? `${rule.kind}:${rule.argument}`;
}

/** Compiles a tool's rules; a rule that cannot compile (bad pattern, bad date) refuses every call. */
export function compileArgumentRule(rule: ArgumentRule): CompiledRule {
  const id = ruleId(rule);
  const path = rule.argument.split('.');
  const name = rule.argument;
  const refuse = (message: string): RuleViolation => ({ rule: id, message });
  const broken = (why: string): CompiledRule => ({
    id,
    problem: why,
    check: () => refuse(`rule "${id}" is misconfigured (${why}); ask an administrator to fix it`),
  });
  const when = (
    test: (value: unknown, nowMs: number) => RuleViolation | undefined,
  ): CompiledRule => ({
    id,
    // Absent arguments are the `required` rule's business; the others judge what is there.
    check: (args, nowMs) => {
      const value = valueAt(args, path);
      return value === undefined || value === null ? undefined : test(value, nowMs);
    },
  });

  switch (rule.kind) {
    case 'required':
      return {
        id,
        check: (args) => {
          const value = valueAt(args, path);
          return value === undefined || value === null
            ? refuse(`argument "${name}" is required (rule ${id}); add it to the arguments`)
            : undefined;
        },
      };
    case 'range':
      return when((value) => {
        if (typeof value !== 'number' || !Number.isFinite(value))
          return refuse(`argument "${name}" must be a number (rule ${id})`);
        if (rule.min !== undefined && value < rule.min)
          return refuse(
            `argument "${name}" is ${value}, below the minimum ${rule.min} (rule ${id}); use a value of at least ${rule.min}`,
          );
        if (rule.max !== undefined && value > rule.max)
          return refuse(
            `argument "${name}" is ${value}, above the maximum ${rule.max} (rule ${id}); use a value of at most ${rule.max}`,
          );
        return undefined;
      });
    case 'dateRange': {
      const notBefore = rule.notBefore === undefined ? undefined : parseDateBound(rule.notBefore);
      const notAfter = rule.notAfter === undefined ? undefined : parseDateBound(rule.notAfter);
      if (
        (rule.notBefore !== undefined && notBefore === undefined) ||
        (rule.notAfter !== undefined && notAfter === undefined)
      )
        return broken('a bound is neither an ISO 8601 instant nor a duration');
      return when((value, nowMs) => checkDate(value, nowMs, name, id, notBefore, notAfter));
    }
    case 'pattern': {
      let expression: RegExp;
      try {
        expression = new RegExp(rule.pattern, 'u');
      } catch {
        return broken('the pattern is not a valid regular expression');
      }
      return when((value) =>
        typeof value === 'string' && expression.test(value)
          ? undefined
          : refuse(`argument "${name}" must match the pattern ${rule.pattern} (rule ${id})`),
      );
    }
    case 'enum': {
      const allowed = new Set<Scalar>(rule.values);
      return when((value) => {
        const bad = elements(value).find((item) => !allowed.has(item as Scalar));
        return bad === undefined
          ? undefined
          : refuse(
              `argument "${name}" may only be one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')} (rule ${id}); ${describe(bad)} is not allowed`,
            );
      });
    }
    case 'blocklist': {
      const blocked = new Set<Scalar>(rule.values);
      return when((value) => {
        const bad = elements(value).find((item) => blocked.has(item as Scalar));
        return bad === undefined
          ? undefined
          : refuse(
              `argument "${name}" may not be ${describe(bad)} (rule ${id}); use another value`,
            );
      });
    }
    case 'maxLength':
      return when((value) => {
        const length =
          typeof value === 'string'
            ? [...value].length
            : Array.isArray(value)
              ? value.length
              : undefined;
        if (length === undefined)
          return refuse(`argument "${name}" must be a string or an array (rule ${id})`);
        return length > rule.max
          ? refuse(
              `argument "${name}" has length ${length}, more than ${rule.max} (rule ${id}); shorten it to at most ${rule.max}`,
            )
          : undefined;
      });
  }
}

function checkDate(
  value: unknown,
  nowMs: number,
  name: string,
  id: string,
  notBefore: DateBound | undefined,
  notAfter: DateBound | undefined,
): RuleViolation | undefined {
  const ms = typeof value === 'string' ? parseInstant(value) : undefined;
  if (ms === undefined)
    return {
      rule: id,
      message: `argument "${name}" must be an ISO 8601 date or date-time (rule ${id})`,
    };
  if (notBefore !== undefined) {
    const bound = resolveDateBound(notBefore, nowMs);
    if (ms < bound)
      return {
        rule: id,
        message: `argument "${name}" is ${String(value)}, earlier than allowed (rule ${id}); use ${new Date(bound).toISOString()} or later`,
      };
  }
  if (notAfter !== undefined) {
    const bound = resolveDateBound(notAfter, nowMs);
    if (ms > bound)
      return {
        rule: id,
        message: `argument "${name}" is ${String(value)}, later than allowed (rule ${id}); use ${new Date(bound).toISOString()} or earlier`,
      };
  }
  return undefined;
}

function valueAt(args: unknown, path: readonly string[]): unknown {
  let current: unknown = args;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A list argument is judged item by item. */
function elements(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
