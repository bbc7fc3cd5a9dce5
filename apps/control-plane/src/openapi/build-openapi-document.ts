import type { ApiErrorCode } from '@gatehouse/contracts';
import { apiErrorSchema } from '@gatehouse/contracts';
import { httpStatusOf } from '../common/errors/http-status.js';
import type { RegisteredRoute } from '../common/api/route-spec.js';
import { JsonSchemaCollector } from './json-schemas.js';
import type {
  JsonSchema,
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiResponse,
} from './openapi-types.js';

export const ADMIN_TOKEN_SCHEME = 'adminToken';

export interface OpenApiInfo {
  readonly version: string;
}

const errorDescriptions: { readonly [code in ApiErrorCode]: string } = {
  validation_failed: 'an input is invalid; `issues` names each field',
  malformed_request: 'the body is not JSON, or not sent as application/json',
  unauthenticated: 'no, an unknown, a revoked or an expired admin API token',
  forbidden: "the token's role may not do this",
  not_found: 'no such resource',
  conflict: 'it would duplicate a unique value (such as a name)',
  payload_too_large: 'the body is too large',
  unavailable: 'a dependency is unavailable',
  internal: 'a bug; the logs carry the request id',
};

/** `/api/v1/tenants/:id` → `/api/v1/tenants/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(route: RegisteredRoute, schemas: JsonSchemaCollector): OpenApiParameter[] {
  const parameters: OpenApiParameter[] = [];
  for (const location of ['params', 'query'] as const) {
    const schema = route.inputs[location];
    if (!schema) continue;
    const json = schemas.inline(schema, 'input');
    const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json['required'] ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: location === 'params' ? 'path' : 'query',
        required: location === 'params' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  return parameters;
}

function responsesOf(
  route: RegisteredRoute,
  schemas: JsonSchemaCollector,
): Record<string, OpenApiResponse> {
  const responses: Record<string, OpenApiResponse> = {};
  responses[String(route.status)] = route.response
    ? {
        description: route.responseDescription ?? route.summary,
        content: { 'application/json': { schema: schemas.reference(route.response, 'output') } },
      }
    : { description: route.responseDescription ?? 'No content' };
  for (const alternate of route.alternateResponses) {
    responses[String(alternate.status)] = {
      description: alternate.description,
      content: { 'application/json': { schema: schemas.reference(alternate.schema, 'output') } },
    };
  }
  // Several codes can share a status (400): one response entry listing them.
  const codesByStatus = new Map<number, ApiErrorCode[]>();
  for (const code of [...route.errors, 'internal' as const]) {
    const status = httpStatusOf[code];
    codesByStatus.set(status, [...(codesByStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...codesByStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${errorDescriptions[code]}`).join('; '),
      content: { 'application/json': { schema: schemas.reference(apiErrorSchema, 'output') } },
    };
  }
  return responses;
}

function operationOf(route: RegisteredRoute, schemas: JsonSchemaCollector): OpenApiOperation {
  const parameters = parametersOf(route, schemas);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.inputs.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: schemas.reference(route.inputs.body, 'input') },
            },
          },
        }
      : {}),
    responses: responsesOf(route, schemas),
    ...(route.access.kind === 'public'
      ? { security: [] }
      : { 'x-gatehouse-roles': [...route.access.roles] }),
  };
}

/**
 * The admin API's OpenAPI 3.1 document, built from the route registry (what the
 * decorators declared) and the contracts' zod schemas. Deterministic: the committed
 * docs/openapi.json is compared against it byte for byte.
 */
export function buildOpenApiDocument(
  routes: readonly RegisteredRoute[],
  info: OpenApiInfo,
): OpenApiDocument {
  const schemas = new JsonSchemaCollector();
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route, schemas) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse admin API',
      version: info.version,
      description:
        'Configuration of the Gatehouse MCP gateway: tenants, clients, upstreams, tools, policies. ' +
        'Authenticate with an admin API token: `Authorization: Bearer gh_adm_...`. Each operation lists the ' +
        'roles it accepts in `x-gatehouse-roles`.',
    },
    security: [{ [ADMIN_TOKEN_SCHEME]: [] }],
    paths,
    components: {
      schemas: schemas.components(),
      securitySchemes: {
        [ADMIN_TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An admin API token (gh_adm_...), created with the create-admin-token command',
        },
      },
    },
  };
}
