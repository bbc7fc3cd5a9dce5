import { expect } from 'vitest';
import {
  GatewayConfigError,
  parseGatewayConfig,
  type ConfigProblem,
} from './parse-gateway-config.js';

export const STDIO_UPSTREAM = `
upstreams:
  - name: files
    transport:
      type: stdio
      command: mcp-files
`;

/** The problems a config is refused with; fails the test when it is accepted or throws anything else. */
export function problemsOf(
  text: string,
  env: Record<string, string> = {},
): readonly ConfigProblem[] {
  try {
    parseGatewayConfig(text, 'test.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as GatewayConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

export function upstreamsYaml(...entries: string[]): string {
  return `upstreams:\n${entries.map((entry) => `  - ${entry.trim().split('\n').join('\n    ')}`).join('\n')}\n`;
}

export function stdio(name: string, extra = ''): string {
  return `name: ${name}\n${extra}transport: { type: stdio, command: run-${name} }`;
}
