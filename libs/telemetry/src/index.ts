export * from './otel-sdk.js';
