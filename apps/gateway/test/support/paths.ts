import { fileURLToPath } from 'node:url';

/** The workspace root: the stdio fixture runs from here so `--import tsx` resolves. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const EVERYTHING_ENTRY = fileURLToPath(
  new URL(
    '../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js',
    import.meta.url,
  ),
);

export const TEST_UPSTREAM_ENTRY = fileURLToPath(
  new URL('../fixtures/test-upstream.ts', import.meta.url),
);
