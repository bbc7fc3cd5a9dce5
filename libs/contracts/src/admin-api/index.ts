export * from './admin-role.schema.js';
export * from './api-error.schema.js';
export * from './auth.schema.js';
export * from './common.schema.js';
export * from './config-history.schema.js';
export * from './health.schema.js';
export * from './tenant.schema.js';
