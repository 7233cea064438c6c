import {
  ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger,
} from '@nestjs/common';
import { Response } from 'express';
import { DomainError, DomainErrorCode } from '@clause-ledger/domain';
import {
  AppendOutcomeUnknownError, AppendTooLargeError, CheckpointRefusedError, EventStoreUnavailableError, StreamDeletedError, WrongExpectedRevisionError,
} from '@clause-ledger/event-store';
import { ApiErrorCode } from '../errors/api-error-codes';
import { FieldProblem, InvalidInputException, RequestRefusedException } from './invalid-input';
import { ReadModelBlockedError, UnreadableEventError } from '@clause-ledger/projections';
import { ForbiddenReason, ForbiddenRoleError, UnauthenticatedError } from '../auth/access-errors';


export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  /** From the catalogue (GET /errors): a code not listed there does not compile. */
  readonly code: DomainErrorCode | ApiErrorCode;
  readonly message: string;
  readonly field?: string;
  /** 401 only: which check the token failed (TOKEN_MISSING, TOKEN_EXPIRED, BAD_SIGNATURE, UNKNOWN_ISSUER...) */
  readonly reason?: string;
  readonly problems?: FieldProblem[];
}

const HTTP_CODES: Record<number, ApiErrorCode> = { 404: 'NOT_FOUND', 429: 'TOO_MANY_REQUESTS' };
const FORBIDDEN_CODES: Record<ForbiddenReason, ApiErrorCode> = { role: 'FORBIDDEN', 'not-a-member': 'NOT_A_MEMBER', 'role-not-of-organisation-kind': 'ROLE_NOT_OF_ORGANISATION_KIND' };
export const DOMAIN_STATUS = { not_found: HttpStatus.NOT_FOUND, conflict: HttpStatus.CONFLICT, rule: HttpStatus.UNPROCESSABLE_ENTITY, gone: HttpStatus.GONE } as const;

/** Every error leaves the API here, in one shape: { statusCode, error, code, message, field?, problems? }. */
@Catch()
export class ErrorResponsesFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (exception instanceof UnauthenticatedError) {
      // RFC 6750: a missing token gets the bare challenge, a rejected one says why
      response.setHeader('WWW-Authenticate', exception.reason === 'TOKEN_MISSING'
        ? 'Bearer realm="clause-ledger"'
        : `Bearer realm="clause-ledger", error="invalid_token", error_description="${exception.message.replace(/["\\]/g, "'")}"`);
    }
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // a route that declares another type (a CSV, a PDF) still answers its errors as JSON, never as a download
    response.removeHeader('Content-Disposition');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = DOMAIN_STATUS[exception.kind];
      return { statusCode, error: HttpStatus[statusCode], code: exception.code, message: exception.message, ...(exception.field ? { field: exception.field } : {}) };
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return {
        statusCode: 409, error: 'CONFLICT', code: 'CONCURRENT_CHANGE',
        message: `${exception.streamId} was changed by someone else (now at revision ${String(exception.actual)}, expected ${String(exception.expected)}); reload and try again`,
      };
    }
    if (exception instanceof AppendOutcomeUnknownError) {
      return {
        statusCode: 503, error: 'SERVICE_UNAVAILABLE', code: 'APPEND_OUTCOME_UNKNOWN',
        message: 'the event store did not confirm the write: it may or may not have been recorded; retry with the same Idempotency-Key to get the first result without recording it twice',
      };
    }
    if (exception instanceof AppendTooLargeError) {
      return { statusCode: 413, error: 'PAYLOAD_TOO_LARGE', code: 'APPEND_TOO_LARGE', message: `the events of this command exceed the event store's limit of ${exception.maxBytes} bytes per write; nothing was written` };
    }
    if (exception instanceof StreamDeletedError) {
      return { statusCode: 410, error: 'GONE', code: 'STREAM_DELETED', message: `${exception.streamId} was deleted for good from the event store and can no longer be read or changed` };
    }
    if (exception instanceof CheckpointRefusedError) {
      return { statusCode: 409, error: 'CONFLICT', code: 'LOG_NOT_VERIFIED', message: exception.message };
    }
    if (exception instanceof EventStoreUnavailableError) {
      return { statusCode: 503, error: 'SERVICE_UNAVAILABLE', code: 'EVENT_STORE_UNAVAILABLE', message: 'the event store cannot be reached; nothing was written, retry later' };
    }
    if (exception instanceof UnauthenticatedError) {
      return { statusCode: 401, error: 'UNAUTHORIZED', code: 'UNAUTHENTICATED', reason: exception.reason, message: exception.message };
    }
    if (exception instanceof ForbiddenRoleError) {
      return { statusCode: 403, error: 'FORBIDDEN', code: FORBIDDEN_CODES[exception.reason], message: exception.message };
    }
    if (exception instanceof ReadModelBlockedError) {
      return { statusCode: 503, error: 'SERVICE_UNAVAILABLE', code: 'READ_MODEL_BLOCKED', message: exception.message };
    }
    if (exception instanceof UnreadableEventError) {
      return { statusCode: 409, error: 'CONFLICT', code: 'EVENT_UNREADABLE_AT_INSTANT', message: exception.message };
    }
    if (exception instanceof RequestRefusedException) {
      const statusCode = exception.getStatus();
      return { statusCode, error: HttpStatus[statusCode], code: exception.code, message: exception.message, field: exception.field };
    }
    if (exception instanceof InvalidInputException) {
      return { statusCode: 400, error: 'BAD_REQUEST', code: 'INVALID_INPUT', message: exception.problems.map((p) => p.message).join('; '), problems: exception.problems };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? exception.message);
      return { statusCode, error: HttpStatus[statusCode] ?? 'ERROR', code: HTTP_CODES[statusCode] ?? 'HTTP_ERROR', message };
    }
    return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', code: 'INTERNAL_ERROR', message: 'unexpected error; nothing was written if the request was a command that failed' };
  }
}
