import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BADGES_STREAM, BadgeRecipient, Badges, ClauseFulfilment, awardBadge, evolveBadges, nextStatusListIndex, revokeBadge } from '@clause-ledger/domain';
import { marketBilan } from '@clause-ledger/projections';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { BilanSourcesReader } from '../bilans/bilan-sources';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { BadgeSigner } from './badge-signer';
import { openBadgeCredential } from './open-badge';
import { AwardBadgeDto } from './badge.dto';

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

export const BADGE_COMMAND_HANDLERS = [AwardBadgeHandler, RevokeBadgeHandler];
