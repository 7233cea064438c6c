import {
  ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ValidationError,
} from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from '@clause-ledger/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@clause-ledger/event-store';
import { ForbiddenRoleError, UnauthenticatedError } from '../auth/access-errors';

export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  /** 401 only: which check the token failed (TOKEN_MISSING, TOKEN_EXPIRED, BAD_SIGNATURE, UNKNOWN_ISSUER...) */
  readonly reason?: string;
  readonly problems?: FieldProblem[];
}

const HTTP_CODES: Record<number, string> = { 404: 'NOT_FOUND', 429: 'TOO_MANY_REQUESTS' };
const DOMAIN_STATUS = { not_found: HttpStatus.NOT_FOUND, conflict: HttpStatus.CONFLICT, rule: HttpStatus.UNPROCESSABLE_ENTITY } as const;

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
    if (exception instanceof EventStoreUnavailableError) {
      return { statusCode: 503, error: 'SERVICE_UNAVAILABLE', code: 'EVENT_STORE_UNAVAILABLE', message: 'the event store cannot be reached; nothing was written, retry later' };
    }
    if (exception instanceof UnauthenticatedError) {
      return { statusCode: 401, error: 'UNAUTHORIZED', code: 'UNAUTHENTICATED', reason: exception.reason, message: exception.message };
    }
    if (exception instanceof ForbiddenRoleError) {
      return { statusCode: 403, error: 'FORBIDDEN', code: 'FORBIDDEN', message: exception.message };
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

/** 400 listing each invalid field with the rule it broke. */
export class InvalidInputException extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message: message.replace(error.property, field) }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}
