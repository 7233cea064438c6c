import {
  ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ValidationError,
} from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from '@clause-ledger/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@clause-ledger/event-store';

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
  readonly problems?: FieldProblem[];
}

const DOMAIN_STATUS = { not_found: HttpStatus.NOT_FOUND, conflict: HttpStatus.CONFLICT, rule: HttpStatus.UNPROCESSABLE_ENTITY } as const;

/** Every error leaves the API here, in one shape: { statusCode, error, code, message, field?, problems? }. */
@Catch()
export class ErrorResponsesFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
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
      return { statusCode, error: HttpStatus[statusCode] ?? 'ERROR', code: statusCode === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', message };
    }
    return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', code: 'INTERNAL_ERROR', message: 'unexpected error; nothing was written if the request was a command that failed' };
  }
}

/** The request itself is refused (its body, a header) before any field is read; `field` names the part at fault. */
export class RequestRefusedException extends HttpException {
  constructor(status: 400 | 413 | 415, readonly code: string, message: string, readonly field: string) {
    super(message, status);
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
