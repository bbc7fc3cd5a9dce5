import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { gatewayConfigSchema, type GatewayConfig } from './gateway-config.schema.js';

export interface ConfigProblem {
  /** Dotted path into the document, e.g. `upstreams[1].transport.url`; `(root)` for the whole. */
  path: string;
  message: string;
}

export class GatewayConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `invalid gateway config ${source}:\n` +
        problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n'),
    );
    this.name = 'GatewayConfigError';
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function problemsFromZod(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` in string values with environment variables,
 * so secrets and ports stay out of the file. A missing variable without default is a problem.
 */
export function substituteEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  problems: ConfigProblem[],
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_match, name: string, fallback?: string) => {
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        problems.push({
          path: formatIssuePath(path),
          message: `environment variable ${name} is not set (or empty)`,
        });
        return '';
      },
    );
  }
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnv(item, env, problems, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        substituteEnv(item, env, problems, [...path, key]),
      ]),
    );
  }
  return value;
}

/** Parses YAML or JSON text (JSON is YAML) into a validated config, or throws GatewayConfigError. */
export function parseGatewayConfig(
  text: string,
  source: string,
  env: Readonly<Record<string, string | undefined>> = {},
): GatewayConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new GatewayConfigError(source, [
      { path: '(root)', message: `not valid YAML/JSON: ${(error as Error).message}` },
    ]);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new GatewayConfigError(source, [
      { path: '(root)', message: 'must be a mapping (an object)' },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const substituted = substituteEnv(document, env, problems);
  if (problems.length > 0) throw new GatewayConfigError(source, problems);
  const result = gatewayConfigSchema.safeParse(substituted);
  if (!result.success) throw new GatewayConfigError(source, problemsFromZod(result.error));
  return result.data;
}
