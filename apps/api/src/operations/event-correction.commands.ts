import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CorrectStoredEvent, EVENT_CORRECTIONS_STREAM, correctStoredEvent } from '@clause-ledger/domain';
import { EventStore, RecordedEvent } from '@clause-ledger/event-store';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { EVENT_STORE } from '../infrastructure/tokens';

export class CorrectStoredEventCommand {
  constructor(readonly cmd: CorrectStoredEvent, readonly meta: CommandMeta) {}
}

const PAGE = 1_000;

@CommandHandler(CorrectStoredEventCommand)
export class CorrectStoredEventHandler implements ICommandHandler<CorrectStoredEventCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ cmd, meta }: CorrectStoredEventCommand) {
    return this.executor.execute(meta, { streamId: EVENT_CORRECTIONS_STREAM, evolve: () => undefined }, async () =>
      correctStoredEvent(cmd, await this.findEvent(cmd.correctedEventId)));
  }

  /** The port has no lookup by event id: corrections are rare, a scan of the log is fine. */
  private async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    for (let page = await this.store.readAll({ maxCount: PAGE }); page.length > 0; page = await this.store.readAll({ after: page[page.length - 1].position, maxCount: PAGE })) {
      const found = page.find((e) => e.id === eventId);
      if (found) return found;
    }
    return undefined;
  }
}

export const OPERATIONS_COMMAND_HANDLERS = [CorrectStoredEventHandler];
