/**
 * The codes the API itself answers with, besides the domain's refusals (libs/domain error-codes.ts).
 * `status` is the HTTP status the code always comes with; null when the failure's own status is kept.
 */
export const ApiErrors = Object.freeze({
  INVALID_INPUT: { status: 400, meaning: 'The request is malformed or a field breaks its rule: `problems` lists each field and rule.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body is larger than BODY_LIMIT_KB (100 kB by default), counted after decompression.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'Bodies are application/json in UTF-8 only (no form, text or other charset).' },
  UNSUPPORTED_CONTENT_ENCODING: { status: 415, meaning: 'The body is compressed with an encoding the API does not read (gzip, deflate and br are read).' },
  MALFORMED_JSON: { status: 400, meaning: 'The body is not valid JSON.' },
  MALFORMED_BODY: { status: 400, meaning: 'The body could not be decompressed (corrupt gzip, deflate or brotli data).' },
  INCOMPLETE_BODY: { status: 400, meaning: 'The body ended before its announced length.' },
  JSON_TOO_DEEP: { status: 400, meaning: 'The JSON body nests objects or arrays deeper than 32 levels.' },
  UNAUTHENTICATED: { status: 401, meaning: 'No valid bearer token: `reason` says whether it is missing, malformed, expired, forged, from an unknown issuer or for another audience.' },
  FORBIDDEN: { status: 403, meaning: 'The signed-in role may never do this (another organisation\'s resource answers 404 instead).' },
  NOT_A_MEMBER: { status: 403, meaning: 'The token is valid but its issuer takes organisations from the admin\'s links (organisationFrom: links) and no link names this user: an admin links it (POST /organisations/{id}/members).' },
  ROLE_NOT_OF_ORGANISATION_KIND: { status: 403, meaning: 'The token\'s role is not the kind of its registered organisation (a FACILITATOR role in a BUYER organisation).' },
  TOO_MANY_REQUESTS: { status: 429, meaning: 'Too many requests from this client in the last minute (RATE_LIMIT_PER_MINUTE): retry after Retry-After seconds.' },
  NOT_FOUND: { status: 404, meaning: 'No route or resource at this address.' },
  CONCURRENT_CHANGE: { status: 409, meaning: 'The stream changed since the revision the request pinned (If-Match): reload and try again.' },
  APPEND_OUTCOME_UNKNOWN: { status: 503, meaning: 'The event store did not confirm the write: it may or may not be recorded; retry with the same Idempotency-Key to get the first result without recording it twice.' },
  APPEND_TOO_LARGE: { status: 413, meaning: 'The events of this command exceed the event store\'s limit per write (1 MiB, as KurrentDB 25.0): nothing was written.' },
  STREAM_DELETED: { status: 410, meaning: 'The stream was deleted for good from the event store (tombstone) and can no longer be read or changed.' },
  EVENT_STORE_UNAVAILABLE: { status: 503, meaning: 'The event store cannot be reached: nothing was written, retry later with the same Idempotency-Key.' },
  READ_MODEL_BLOCKED: { status: 503, meaning: 'A read model cannot show this resource: an event it could not fold is parked (GET /health, GET /operations/parked-events) until an operator repairs it.' },
  EVENT_UNREADABLE_AT_INSTANT: { status: 409, meaning: 'An auditor asked for figures at an instant when an event of the market could not be folded with the corrections known then (the live API answered 503 READ_MODEL_BLOCKED for it): the message names the event and its later correction, if any.' },
  LOG_NOT_VERIFIED: { status: 409, meaning: 'The event log does not verify (an event altered, missing or moved, or a checkpoint failing): no checkpoint is signed over it; GET /audit/verification names the positions.' },
  HTTP_ERROR: { status: null, meaning: 'Another HTTP failure, e.g. a read model that did not reach waitForPosition in time (503): the status says which.' },
  INTERNAL_ERROR: { status: 500, meaning: 'An unexpected error: nothing was written if the request was a command that failed.' },
} as const);

export type ApiErrorCode = keyof typeof ApiErrors;
