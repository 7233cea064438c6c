import { Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Allow, Public } from './access.decorators';
import { TokenVerifier } from './token-verifier';
import { RotateSigningKeyCommand } from './key-rotation';
import { KeyRotation } from './local-issuer';
import { CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';

@ApiTags('operations')
@Controller('auth')
export class AuthController {
  constructor(private readonly tokens: TokenVerifier, private readonly commands: CommandBus) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'Public keys of the embedded sign-in issuer (not the badges\' key, which is /.well-known/jwks.json)' })
  jwks() {
    return this.tokens.localJwks();
  }

  @Post('keys/rotation')
  @Allow('ADMIN')
  @CommandEndpoint('Rotate the embedded issuer\'s signing key: new tokens carry the new kid; the previous key stays in /auth/jwks.json until the tokens it signed have expired (AUTH_LOCAL_TOKEN_MAX_HOURS)')
  async rotate(@CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const { previousKeyId, newKeyId, previousKeyPublishedUntil, ...result }: CommandResult & Partial<KeyRotation> =
      await this.commands.execute(new RotateSigningKeyCommand(commandMeta('RotateSigningKey', {}, headers)));
    // a replayed answer names no keys: GET /auth/jwks.json shows the keys in force
    return answer(res, result, { previousKeyId, newKeyId, previousKeyPublishedUntil });
  }
}
