/**
 * The named errors the API answers with. app.onError maps each to its status; anything else
 * is a bug and becomes a 500 without details.
 */
export type FieldErrors = Record<string, string>;

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 503,
    message: string,
    readonly errors?: FieldErrors,
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, errors?: FieldErrors) {
    super(400, message, errors);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'Sign in first') {
    super(401, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Your role does not allow this') {
    super(403, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}

/** A charge the change depended on did not go through (declined, or waiting for the customer's bank). */
export class PaymentRequiredError extends HttpError {
  constructor(
    message: string,
    /** where the customer can complete the payment (the invoice's hosted page), when they can */
    readonly actionUrl: string | null = null,
    /** the decline code, when the card was declined */
    readonly declineCode: string | null = null,
  ) {
    super(402, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

/** A body over its route's limit (server/http/bodyLimits.tsx), refused before it is read whole. */
export class PayloadTooLargeError extends HttpError {
  constructor(message: string) {
    super(413, message);
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(
    message: string,
    /** sent as Retry-After */
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}
