import { fileURLToPath } from 'node:url';

/** The workspace root, from this file's place in it: CI runs from a fresh clone anywhere. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
