import { Injectable, PipeTransform } from '@nestjs/common';
import { ISO_MONTH_PATTERN, isMonthInRange, monthRangeMessage } from './dto-rules';
import { InvalidInputException } from './invalid-input';

@Injectable()
export class MonthPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ISO_MONTH_PATTERN.test(value)) throw new InvalidInputException([{ field: 'month', rule: 'format', message: 'month must be a month YYYY-MM' }]);
    if (!isMonthInRange(value)) throw new InvalidInputException([{ field: 'month', rule: 'dateRange', message: monthRangeMessage('month') }]);
    return value;
  }
}
