export * from './canonical-json.js';
export * from './snapshot-envelope.schema.js';
