/** A key file or text that cannot be used: wrong type, malformed, or private where public is due. */
export class SigningKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SigningKeyError';
  }
}
