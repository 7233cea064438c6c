import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

/** What every command endpoint shares in its contract: status, headers and the error answers. */
export function CommandEndpoint(summary: string, status: 200 | 201 = 201) {
  return applyDecorators(
    HttpCode(status),
    ApiOperation({ summary }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried command with the same key returns the first result and appends nothing' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'the revision (ETag) the client last saw: 409 if the stream changed since' }),
    ApiResponse({ status, description: 'done: { ...ids, streamId, revision, position, replayed }; ETag = revision' }),
    ApiResponse({ status: 400, description: 'invalid input: problems[] names each field and rule; or MALFORMED_JSON, MALFORMED_BODY, JSON_TOO_DEEP (field names the part)' }),
    ApiResponse({ status: 404, description: 'an id names nothing known' }),
    ApiResponse({ status: 409, description: 'conflict: duplicate, or changed concurrently' }),
    ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the body exceeds BODY_LIMIT_KB once decompressed' }),
    ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE (only application/json in UTF-8) or UNSUPPORTED_CONTENT_ENCODING (identity, gzip, deflate, br)' }),
    ApiResponse({ status: 422, description: 'refused by a domain rule (code, field, message)' }),
    ApiResponse({ status: 503, description: 'event store unreachable; nothing written' }),
  );
}
