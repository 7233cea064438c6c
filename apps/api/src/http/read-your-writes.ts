import { ServiceUnavailableException } from '@nestjs/common';
import { Position, positionFromString } from '@clause-ledger/event-store';
import { InvalidInputException } from './invalid-input';

const WAIT_LIMIT_MS = 10_000;

/**
 * `?waitForPosition=` on a query: answer once the read model includes the event at that position
 * (a command's answer gives it), or 503 after the wait limit.
 */
export async function readYourWrites(runner: { waitFor(position: Position, timeoutMs: number): Promise<boolean> }, waitForPosition: string | undefined): Promise<void> {
  if (waitForPosition === undefined) return;
  let position: Position;
  try {
    position = positionFromString(waitForPosition);
  } catch {
    throw new InvalidInputException([{ field: 'waitForPosition', rule: 'format', message: 'waitForPosition must be a position "commit/prepare" returned by a command' }]);
  }
  if (!(await runner.waitFor(position, WAIT_LIMIT_MS))) {
    throw new ServiceUnavailableException(`the read model has not reached position ${waitForPosition} within ${WAIT_LIMIT_MS / 1000} s; retry`);
  }
}
