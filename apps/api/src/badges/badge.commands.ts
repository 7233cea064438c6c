import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BADGES_STREAM, BadgeRecipient, Badges, awardBadge, clauseFulfilment, companyStreamId, evolveBadges, evolveCompany, evolveMarket, fulfilmentTotals,
  marketStreamId, nextStatusListIndex, revokeBadge,
} from '@clause-ledger/domain';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';
import { MarketPlacements } from '../placements/market-placements';
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
    private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider, private readonly placements: MarketPlacements,
    private readonly signer: BadgeSigner, @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ badgeId, marketId, dto, meta }: AwardBadgeCommand) {
    return this.executor.execute(meta, badgesStream, async (badges: Badges | undefined, stateOf) => {
      const [market, placements, company] = await Promise.all([
        stateOf(marketStreamId(marketId), evolveMarket),
        this.placements.of(marketId),
        dto.recipient === 'COMPANY' ? stateOf(companyStreamId(dto.companyId!), evolveCompany) : undefined,
      ]);
      const fulfilment = clauseFulfilment(market, placements);
      const recipient: BadgeRecipient = dto.recipient === 'BUYER'
        ? { type: 'BUYER', name: market?.buyer.name ?? '' }
        : { type: 'COMPANY', companyId: dto.companyId!, name: company?.name ?? dto.companyId! };
      const ctx = this.ctx.now();
      // sign only what the domain would accept: a refused award must not leave a signed credential behind
      awardBadge({ badgeId, marketId, recipient, credentialJwt: '' }, badges, fulfilment, ctx);
      const credential = openBadgeCredential({
        baseUrl: this.config.publicBaseUrl, badgeId, issuerName: market!.facilitatorOrganisation, recipient,
        market: { marketId, title: market!.title, buyerName: market!.buyer.name },
        figures: fulfilmentTotals(fulfilment!),
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
