import { Body, Controller, Get, Header, HttpCode, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { BADGES_STREAM, Badges, evolveBadges } from '@clause-ledger/domain';
import { CommandExecutor, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { newEntityId } from '../command-handling/entity-id';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { BadgeSigner } from './badge-signer';
import { encodeStatusList, isRevokedIn, statusListCredential } from './open-badge';
import { AwardBadgeCommand, RevokeBadgeCommand } from './badge.commands';
import { AwardBadgeDto, RevokeBadgeDto, VerifyBadgeDto } from './badge.dto';
import { Allow, InScopeOf, Public } from '../auth/access.decorators';

@ApiTags('badges « expérience réussie »')
@Controller()
export class BadgesController {
  constructor(
    private readonly commands: CommandBus, private readonly executor: CommandExecutor, private readonly signer: BadgeSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('markets/:marketId/badges')
  @Allow('FACILITATOR')
  @InScopeOf({ market: 'marketId' })
  @CommandEndpoint('Award the « expérience réussie » badge (Open Badges 3.0, VC-JWT) to the buyer or a company of a fulfilled, closed market')
  async award(@Param('marketId', EntityIdPipe) marketId: string, @Body() dto: AwardBadgeDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const badgeId = newEntityId('badge', undefined, headers);
    const result: CommandResult = await this.commands.execute(new AwardBadgeCommand(badgeId, marketId, dto, commandMeta('AwardBadge', { marketId, dto }, headers)));
    const badge = (await this.badges())?.awarded[badgeId];
    return answer(res, result, { badgeId, credentialJwt: badge?.credentialJwt });
  }

  @Post('badges/:badgeId/revocation')
  @Allow('FACILITATOR')
  @InScopeOf({ badge: 'badgeId' })
  @CommandEndpoint('Revoke a badge: its bit is set in the public status list')
  async revoke(@Param('badgeId', EntityIdPipe) badgeId: string, @Body() dto: RevokeBadgeDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new RevokeBadgeCommand(badgeId, dto.reason, commandMeta('RevokeBadge', { badgeId, dto }, headers)));
    return answer(res, result, { badgeId });
  }

  @Get('badges/status-list')
  @Public()
  @Header('Content-Type', 'application/vc+jwt')
  @ApiOperation({ summary: 'Public revocation list (W3C Bitstring Status List), signed' })
  async statusList() {
    const badges = await this.badges();
    const revoked = Object.values(badges?.awarded ?? {}).filter((b) => b.revoked).map((b) => b.statusListIndex);
    const credential = statusListCredential(this.config.publicBaseUrl, 'Clause Ledger', encodeStatusList(revoked), new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    return this.signer.sign({ ...credential, iss: credential.issuer.id, jti: credential.id });
  }

  @Get('.well-known/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public key badges are signed with' })
  async jwks() {
    return { keys: [await this.signer.publicJwk()] };
  }

  @Post('badges/verification')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Public verification of a badge: signature, issuer, type and revocation status (200: it creates nothing)' })
  async verify(@Body() dto: VerifyBadgeDto) {
    let payload;
    try {
      payload = await this.signer.verify(dto.credentialJwt);
    } catch (error) {
      return { valid: false, revoked: null, reason: `signature or format rejected: ${(error as Error).message}` };
    }
    const types = (payload.type as string[] | undefined) ?? [];
    if (!types.includes('OpenBadgeCredential')) return { valid: false, revoked: null, reason: 'not an OpenBadgeCredential' };
    const status = payload.credentialStatus as { statusListIndex: string } | undefined;
    const badges = await this.badges();
    const revokedIndexes = Object.values(badges?.awarded ?? {}).filter((b) => b.revoked).map((b) => b.statusListIndex);
    const revoked = status ? isRevokedIn(encodeStatusList(revokedIndexes), Number(status.statusListIndex)) : false;
    return { valid: !revoked, revoked, ...(revoked ? { reason: 'revoked by its issuer' } : {}), credential: payload };
  }

  @Get('badges/:badgeId')
  @Public()
  @ApiOperation({ summary: 'A badge as issued, with its revocation status' })
  async get(@Param('badgeId', EntityIdPipe) badgeId: string) {
    const badge = (await this.badges())?.awarded[badgeId];
    if (!badge) throw new NotFoundException(`badge ${badgeId} does not exist`);
    return badge;
  }

  private async badges(): Promise<Badges | undefined> {
    return this.executor.state(BADGES_STREAM, evolveBadges);
  }
}
