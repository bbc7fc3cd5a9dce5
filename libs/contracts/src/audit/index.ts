export * from './audit-event.schema.js';
