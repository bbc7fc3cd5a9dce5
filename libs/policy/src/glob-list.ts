/**
 * A list of name globs (`*` matches any run of characters, everything else is literal),
 * compiled once into a single anchored expression so a check is one regex test.
 */
export interface GlobList {
  readonly empty: boolean;
  matches(name: string): boolean;
}

const NOTHING: GlobList = { empty: true, matches: () => false };

export function compileGlobList(patterns: readonly string[]): GlobList {
  if (patterns.length === 0) return NOTHING;
  const source = patterns
    .map((pattern) => pattern.split('*').map(escapeRegExp).join('.*'))
    .join('|');
  const expression = new RegExp(`^(?:${source})$`, 'su');
  return { empty: false, matches: (name) => expression.test(name) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
