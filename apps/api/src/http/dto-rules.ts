import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

/** Ids in paths and bodies: a UUID or a short slug. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ID_RULE = 'must be a UUID or 1 to 64 letters, digits, - or _';

export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const ISO_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function IsEntityId(options: ApiPropertyOptions & { optional?: boolean } = {}) {
  const { optional, ...api } = options;
  return applyDecorators(
    ApiProperty({ required: !optional, example: 'b3c1f7e2-4d0a-4a8e-9a51-1f2e3d4c5b6a', ...api } as ApiPropertyOptions),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(ID_PATTERN, { message: `$property ${ID_RULE}` }),
  );
}

export function IsIsoDateString(example: string, description?: string) {
  return applyDecorators(
    ApiProperty({ example, format: 'date', description }),
    IsString(),
    Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' }),
  );
}

export function IsText(example: string, max = 300, optional = false) {
  return applyDecorators(
    ApiProperty({ example, required: !optional, maxLength: max }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Length(1, max, { message: `$property must be between 1 and ${max} characters` }),
  );
}

/**
 * A nested object: required unless optional, an object (never an array, a string or null) and
 * validated field by field. `@ValidateNested()` alone lets a missing or `[]` value through.
 */
export function IsNestedObject(type: () => new () => object, options: { optional?: boolean; description?: string } = {}) {
  return applyDecorators(
    ApiProperty({ type, required: !options.optional, description: options.description }),
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
