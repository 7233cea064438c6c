import { BadRequestException, HttpException, ValidationError } from '@nestjs/common';
import { ApiErrorCode } from '../errors/api-error-codes';

export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** The request itself is refused (its body, a header) before any field is read; `field` names the part at fault. */
export class RequestRefusedException extends HttpException {
  constructor(status: 400 | 413 | 415, readonly code: ApiErrorCode, message: string, readonly field: string) {
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
