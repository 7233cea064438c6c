import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../auth/access.decorators';
import { AuditCheckpointer } from './audit-checkpointer';

@ApiTags('audit')
@Controller('audit')
export class AuditVerificationController {
  constructor(private readonly checkpointer: AuditCheckpointer) {}

  @Post('checkpoints')
  @Allow('ADMIN')
  @HttpCode(201)
  @ApiOperation({ summary: 'Verify the whole log, then sign (Ed25519) the digest at its head as a checkpoint in the audit-checkpoints stream; 409 LOG_NOT_VERIFIED when the log does not verify' })
  async sign() {
    return this.checkpointer.sign();
  }

  @Get('verification')
  @Allow('ADMIN')
  @ApiOperation({ summary: 'Re-read the whole log: altered, missing or reordered events named by position, and every signed checkpoint checked against the recomputed digest' })
  async verify() {
    return this.checkpointer.verify();
  }

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public key (JWK set) the organisation signs its audit checkpoints with' })
  async jwks() {
    return this.checkpointer.jwks();
  }
}
