export * from './gateway-config/upstream.schema.js';
export * from './gateway-config/tool-policy.schema.js';
export * from './gateway-config/gateway-config.schema.js';
export * from './gateway-config/parse-gateway-config.js';
export * from './gateway-config/namespacing.js';
export * from './snapshot/index.js';
export * from './admin-api/index.js';
