export * from './audit-event.schema.js';
// The admin API's audit schemas live in admin-api/ and are exported from here.
export * from '../admin-api/audit.schema.js';
export * from '../admin-api/audit-export.schema.js';
export * from './uuid-v7.js';
