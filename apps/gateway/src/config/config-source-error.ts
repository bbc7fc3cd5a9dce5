/**
 * A node cannot start from what it was given (no trusted keys, an unsigned file without
 * --allow-unsigned, an unreadable credential, ...). The message says what to fix; the command
 * prints it without a stack trace.
 */
export class ConfigSourceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigSourceError';
  }
}
