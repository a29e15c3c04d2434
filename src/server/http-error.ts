/**
 * A refusal the sandbox answers with an HTTP status, in the style of oidc-provider's
 * `OIDCProviderError(status, error)`: the status, an OAuth-style error code and the description a
 * person reads. The resource server returns it as `{ error, error_description }`; the login page
 * shows the description.
 */
export class HttpError extends Error {
  /** Also the message: oidc-provider's errors carry their description under this name too. */
  readonly error_description: string;

  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
    this.name = 'HttpError';
    this.error_description = description;
  }
}
