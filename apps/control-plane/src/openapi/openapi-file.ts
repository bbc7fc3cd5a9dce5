import { fileURLToPath } from 'node:url';
import type { RouteRegistry } from '../common/api/route-registry.js';
import { buildOpenApiDocument } from './build-openapi-document.js';
import { ADMIN_API_VERSION } from './openapi.service.js';

/** The committed copy, which reviewers diff and clients generate code from. */
export const committedOpenApiPath = fileURLToPath(
  new URL('../../../../docs/openapi.json', import.meta.url),
);

/** The document as committed: pretty-printed, newline-terminated. */
export function renderOpenApiDocument(registry: RouteRegistry): string {
  return `${JSON.stringify(buildOpenApiDocument(registry.routes(), { version: ADMIN_API_VERSION }), null, 2)}\n`;
}
