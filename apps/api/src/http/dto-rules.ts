import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { buildMessage, IsDefined, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { isIsoDate } from '@clause-ledger/domain';

/** Ids in paths and bodies: a UUID or a short slug. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ID_RULE = 'must be a UUID or 1 to 64 letters, digits, - or _';

export const ISO_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The dates a market's life can hold: a year 9999 or 1970 is a typing error, not a plan. */
export const MARKET_DATES = { earliest: '2000-01-01', latest: '2100-12-31' } as const;
/** Beneficiaries are born long before the markets they work on. */
export const BIRTH_DATES = { earliest: '1900-01-01', latest: MARKET_DATES.latest } as const;

export function IsEntityId(options: ApiPropertyOptions & { optional?: boolean } = {}) {
  const { optional, ...api } = options;
  return applyDecorators(
    ApiProperty({ required: !optional, example: 'b3c1f7e2-4d0a-4a8e-9a51-1f2e3d4c5b6a', ...api } as ApiPropertyOptions),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(ID_PATTERN, { message: `$property ${ID_RULE}` }),
  );
}

/** A real calendar date YYYY-MM-DD (no 2026-02-30) within `range` (the market's by default). */
export function IsIsoDateString(example: string, options: { description?: string; optional?: boolean; range?: { earliest: string; latest: string } } = {}) {
  const { earliest, latest } = options.range ?? MARKET_DATES;
  return applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({ example, format: 'date', description: options.description }),
    ...(options.optional ? [IsOptional()] : []),
    IsString(),
    ValidateBy({ name: 'isIsoDate', validator: { validate: (v) => typeof v === 'string' && isIsoDate(v), defaultMessage: buildMessage(() => '$property must be a calendar date YYYY-MM-DD') } }),
    // ISO dates compare as strings; a malformed date is left to the rule above
    ValidateBy({
      name: 'dateRange',
      validator: { validate: (v) => typeof v !== 'string' || !isIsoDate(v) || (v >= earliest && v <= latest), defaultMessage: buildMessage(() => `$property must be a date from ${earliest} to ${latest}`) },
    }),
  );
}

/** A month YYYY-MM within the market dates. */
export function IsIsoMonthString(example: string) {
  return applyDecorators(
    ApiProperty({ example }),
    IsString(),
    Matches(ISO_MONTH_PATTERN, { message: '$property must be a month YYYY-MM' }),
    ValidateBy({ name: 'dateRange', validator: { validate: (v) => typeof v !== 'string' || !ISO_MONTH_PATTERN.test(v) || isMonthInRange(v), defaultMessage: buildMessage(() => monthRangeMessage('$property')) } }),
  );
}

export const isMonthInRange = (month: string) => month >= MARKET_DATES.earliest.slice(0, 7) && month <= MARKET_DATES.latest.slice(0, 7);
export const monthRangeMessage = (field: string) => `${field} must be a month from ${MARKET_DATES.earliest.slice(0, 7)} to ${MARKET_DATES.latest.slice(0, 7)}`;


const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF]*$/;
/** C0 and C1 controls (NUL, escape, line breaks...), line/paragraph separators, and the bidi embeddings, overrides and isolates that make text display other than it reads. */
const NOT_IN_A_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** The same, but tabs and line breaks are allowed in paragraphs. */
const NOT_IN_PARAGRAPHS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * Human text: 1 to `max` characters, not blank, with no control or bidi-override character.
 * A 'line' (names, titles) also has no line break; 'paragraphs' (summaries, notes, reasons) may.
 */
export function IsText(example: string, max = 300, optional = false, form: 'line' | 'paragraphs' = 'line') {
  const forbidden = form === 'line' ? NOT_IN_A_LINE : NOT_IN_PARAGRAPHS;
  return applyDecorators(
    ApiProperty({ example, required: !optional, maxLength: max }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Length(1, max, { message: `$property must be between 1 and ${max} characters` }),
    ValidateBy({ name: 'notBlank', validator: { validate: (v) => typeof v !== 'string' || !BLANK.test(v), defaultMessage: buildMessage(() => '$property must not be blank') } }),
    ValidateBy({
      name: 'plainText',
      validator: {
        validate: (v) => typeof v !== 'string' || !forbidden.test(v),
        defaultMessage: buildMessage(() => `$property must not contain control characters${form === 'line' ? ', line breaks' : ' other than tabs and line breaks'} or bidirectional overrides`),
      },
    }),
  );
}

const atLeast = (min: number) => (min === 0 ? '$property must not be negative' : `$property must be at least ${min}`);

/** A whole number of `unit` from `min` to `max`: never 1.5, -0 or an integer too large to be exact (1e308). */
export function IsWholeNumber(unit: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return applyDecorators(
    ValidateBy({
      name: 'isInt',
      validator: { validate: (v) => Number.isSafeInteger(v) && !Object.is(v, -0), defaultMessage: buildMessage(() => `$property must be a whole number of ${unit}`) },
    }),
    Min(min, { message: atLeast(min) }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

/**
 * A number of `unit` with at most 2 decimals, exactly: 0.1 + 0.2 (0.30000000000000004) and 1e-7 are
 * refused rather than rounded, so what is stored is what was meant. Never NaN, ±Infinity or -0.
 */
export function IsHundredths(unit: string, min: number, max: number) {
  return applyDecorators(
    ValidateBy({
      name: 'isNumber',
      validator: { validate: (v) => typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0), defaultMessage: buildMessage(() => `$property must be a finite number of ${unit}, not -0`) },
    }),
    ValidateBy({
      name: 'hundredths',
      validator: { validate: (v) => typeof v !== 'number' || Math.round(v * 100) / 100 === v, defaultMessage: buildMessage(() => `$property must be a number of ${unit} with at most 2 decimals`) },
    }),
    Min(min, { message: min > 0 && min < 1 ? '$property must be above 0' : atLeast(min) }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

/**
 * A nested object: required unless optional, an object (never an array, a string or null) and
 * validated field by field. `@ValidateNested()` alone lets a missing or `[]` value through.
 */
export function IsNestedObject(type: () => new () => object, options: { optional?: boolean; description?: string } = {}) {
  return applyDecorators(
    // the class itself: swagger reads a thunk as an anonymous class (an empty $ref)
    ApiProperty({ type: type(), required: !options.optional, description: options.description }),
    options.optional ? IsOptional() : IsDefined({ message: '$property is required' }),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  );
}

/** A list of nested objects, each an object validated field by field. */
export function IsNestedObjectList(type: () => new () => object) {
  return applyDecorators(
    IsObject({ each: true, message: '$property must only contain objects' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}
