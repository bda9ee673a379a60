/**
 * The business's own user id: printable ASCII without spaces, up to 255 characters. Apps use
 * UUIDs, numbers, `auth0|…` and the like; a space or control character there is a bug in the
 * caller, and refusing it keeps the id safe in a URL path, a log line and a Stripe metadata value.
 */
export const EXTERNAL_ID_PATTERN = /^[\x21-\x7E]{1,255}$/;

export const EXTERNAL_ID_MESSAGE = 'must be 1 to 255 printable ASCII characters without spaces';
