import { Body, Controller, Get, Header, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { Response } from 'express';
import {
  BADGES_STREAM, BadgeRecipient, Badges, ClauseFulfilment, awardBadge, evolveBadges, nextStatusListIndex, revokeBadge,
} from '@clause-ledger/domain';
import { marketBilan } from '@clause-ledger/projections';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { answer, commandMeta } from '../command-handling/command-meta';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { newEntityId } from '../command-handling/entity-id';
import { BilanSourcesReader } from '../bilans/bilan-sources';
import { CommandEndpoint } from '../http/command-endpoint';
import { CommandHeaders, CommandHeadersOf } from '../http/command-headers';
import { IsText } from '../http/dto-rules';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { BadgeSigner } from './badge-signer';
import { encodeStatusList, isRevokedIn, openBadgeCredential, statusListCredential } from './open-badge';

export class AwardBadgeDto {
  @ApiProperty({ enum: ['BUYER', 'COMPANY'], description: 'the buyer of the market, or one of its companies' })
  @IsIn(['BUYER', 'COMPANY'], { message: '$property must be BUYER or COMPANY' })
  recipient: 'BUYER' | 'COMPANY';

  @ApiPropertyOptional({ example: '73282932000074', description: 'required when recipient is COMPANY' })
  @ValidateIf((d: AwardBadgeDto) => d.recipient === 'COMPANY')
  @IsString({ message: '$property is required for a company badge' })
  @Matches(/^\d{14}$/, { message: '$property must be the company\'s SIRET (14 digits)' })
  companyId?: string;
}

export class RevokeBadgeDto {
  @IsText('bilan rectifié : objectif non atteint sur le lot 2', 1000)
  reason: string;
}

export class VerifyBadgeDto {
  @ApiProperty({ description: 'the credential as issued (VC-JWT)' })
  @IsString()
  @Length(20, 100_000)
  credentialJwt: string;
}

export class AwardBadgeCommand {
  constructor(readonly badgeId: string, readonly marketId: string, readonly dto: AwardBadgeDto, readonly meta: CommandMeta) {}
}
export class RevokeBadgeCommand {
  constructor(readonly badgeId: string, readonly reason: string, readonly meta: CommandMeta) {}
}

const badgesStream = { streamId: BADGES_STREAM, evolve: evolveBadges };

@CommandHandler(AwardBadgeCommand)
export class AwardBadgeHandler implements ICommandHandler<AwardBadgeCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly bilans: BilanSourcesReader,
    private readonly signer: BadgeSigner, @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ badgeId, marketId, dto, meta }: AwardBadgeCommand) {
    return this.executor.execute(meta, badgesStream, async (badges: Badges | undefined) => {
      const sources = this.bilans.market(marketId);
      const bilan = sources && marketBilan(sources);
      const fulfilment: ClauseFulfilment | undefined = bilan && {
        closed: bilan.status === 'FINAL',
        lots: bilan.lots.map((l) => ({ lotId: l.lotId, targetHours: l.target.value, hoursDone: l.hoursDone.value, ...(l.company ? { companyId: l.company.companyId } : {}) })),
      };
      const company = dto.recipient === 'COMPANY' ? bilan?.lots.find((l) => l.company?.companyId === dto.companyId)?.company : undefined;
      const recipient: BadgeRecipient = dto.recipient === 'BUYER'
        ? { type: 'BUYER', name: bilan?.market.buyer.name ?? '' }
        : { type: 'COMPANY', companyId: dto.companyId!, name: company?.name ?? dto.companyId! };
      const ctx = this.ctx.now();
      // sign only what the domain would accept: a refused award must not leave a signed credential behind
      awardBadge({ badgeId, marketId, recipient, credentialJwt: '' }, badges, fulfilment, ctx);
      const credential = openBadgeCredential({
        baseUrl: this.config.publicBaseUrl, badgeId, issuerName: bilan!.market.facilitatorOrganisation, recipient,
        market: { marketId, title: bilan!.market.title, buyerName: bilan!.market.buyer.name },
        figures: { targetHours: bilan!.totals.targetHours.value, hoursDone: bilan!.totals.hoursDone.value },
        awardedOn: ctx.today, statusListIndex: nextStatusListIndex(badges),
      });
      const credentialJwt = await this.signer.sign({ ...credential, iss: credential.issuer.id, jti: credential.id, nbf: Math.floor(Date.parse(credential.validFrom) / 1000) });
      return awardBadge({ badgeId, marketId, recipient, credentialJwt }, badges, fulfilment, ctx);
    });
  }
}

@CommandHandler(RevokeBadgeCommand)
export class RevokeBadgeHandler implements ICommandHandler<RevokeBadgeCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ badgeId, reason, meta }: RevokeBadgeCommand) {
    return this.executor.execute(meta, badgesStream, (badges: Badges | undefined) => revokeBadge({ badgeId, reason }, badges, this.ctx.now()));
  }
}

@ApiTags('badges « expérience réussie »')
@Controller()
export class BadgesController {
  constructor(
    private readonly commands: CommandBus, private readonly executor: CommandExecutor, private readonly signer: BadgeSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('markets/:marketId/badges')
  @CommandEndpoint('Award the « expérience réussie » badge (Open Badges 3.0, VC-JWT) to the buyer or a company of a fulfilled, closed market')
  async award(@Param('marketId', EntityIdPipe) marketId: string, @Body() dto: AwardBadgeDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const badgeId = newEntityId('badge', undefined, headers);
    const result: CommandResult = await this.commands.execute(new AwardBadgeCommand(badgeId, marketId, dto, commandMeta('AwardBadge', { marketId, dto }, headers)));
    const badge = (await this.badges())?.awarded[badgeId];
    return answer(res, result, { badgeId, credentialJwt: badge?.credentialJwt });
  }

  @Post('badges/:badgeId/revocation')
  @CommandEndpoint('Revoke a badge: its bit is set in the public status list')
  async revoke(@Param('badgeId', EntityIdPipe) badgeId: string, @Body() dto: RevokeBadgeDto, @CommandHeadersOf() headers: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const result: CommandResult = await this.commands.execute(new RevokeBadgeCommand(badgeId, dto.reason, commandMeta('RevokeBadge', { badgeId, dto }, headers)));
    return answer(res, result, { badgeId });
  }

  @Get('badges/status-list')
  @Header('Content-Type', 'application/vc+jwt')
  @ApiOperation({ summary: 'Public revocation list (W3C Bitstring Status List), signed' })
  async statusList() {
    const badges = await this.badges();
    const revoked = Object.values(badges?.awarded ?? {}).filter((b) => b.revoked).map((b) => b.statusListIndex);
    const credential = statusListCredential(this.config.publicBaseUrl, 'Clause Ledger', encodeStatusList(revoked), new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    return this.signer.sign({ ...credential, iss: credential.issuer.id, jti: credential.id });
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The public key badges are signed with' })
  async jwks() {
    return { keys: [await this.signer.publicJwk()] };
  }

  @Post('badges/verification')
  @ApiOperation({ summary: 'Public verification of a badge: signature, issuer, type and revocation status' })
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

export const BADGE_COMMAND_HANDLERS = [AwardBadgeHandler, RevokeBadgeHandler];
