import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ID_PATTERN, ID_RULE } from './dto-rules';
import { InvalidInputException } from './invalid-input';

/** Path ids follow the same rule as body ids. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!ID_PATTERN.test(value)) {
      const field = metadata.data ?? 'id';
      throw new InvalidInputException([{ field, rule: 'format', message: `${field} ${ID_RULE}` }]);
    }
    return value;
  }
}
