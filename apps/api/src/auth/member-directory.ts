import { Injectable } from '@nestjs/common';
import { LinkedIdentity, MemberLink, USER_LINKS_STREAM, evolveUserLinks, linkOf } from '@clause-ledger/domain';
import { CommandExecutor } from '../command-handling/command-executor';

/**
 * The admin's links of users to organisations, read from their stream at every request (no
 * cache): a link removed is refused from the very next request, on every instance.
 */
@Injectable()
export class MemberDirectory {
  constructor(private readonly executor: CommandExecutor) {}

  async linkOf(identity: LinkedIdentity): Promise<MemberLink | undefined> {
    return linkOf(await this.executor.state(USER_LINKS_STREAM, evolveUserLinks), identity);
  }
}
