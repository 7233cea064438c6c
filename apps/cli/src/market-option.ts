import { InvalidArgumentError } from 'commander';
import { ID_PATTERN, ID_RULE } from '../../api/src/http/dto-rules';

export function marketId(value: string): string {
  if (!ID_PATTERN.test(value)) throw new InvalidArgumentError(`the market id ${ID_RULE}`);
  return value;
}
