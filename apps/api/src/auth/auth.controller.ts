import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './access.decorators';
import { TokenVerifier } from './token-verifier';

@ApiTags('operations')
@Controller('auth')
export class AuthController {
  constructor(private readonly tokens: TokenVerifier) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'Public keys of the embedded sign-in issuer (not the badges\' key, which is /.well-known/jwks.json)' })
  jwks() {
    return this.tokens.localJwks();
  }
}
