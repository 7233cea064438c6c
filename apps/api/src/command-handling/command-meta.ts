import { Response } from 'express';
import { CommandHeaders } from '../http/command-headers';
import { CommandMeta, CommandResult } from './command-executor';

/** The command's metadata: its type, the client's request (to recognise a true retry) and headers. */
export function commandMeta(commandType: string, request: unknown, headers: CommandHeaders): CommandMeta {
  return { commandType, payload: request, ...headers };
}

/** Command answers carry the new revision (ETag, for If-Match) and say when they are a replay. */
export function answer<Extra extends object>(res: Response, result: CommandResult, extra: Extra): Extra & CommandResult {
  res.setHeader('ETag', `"${result.revision}"`);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return { ...extra, ...result };
}
