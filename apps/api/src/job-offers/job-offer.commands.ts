import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CandidateHired, DomainError, HireCandidate, NotRetainedReason, ProposeCandidate, PublishJobOffer, RegisterPartner, beneficiaryOfHire, beneficiaryStreamId,
  cancelJobOffer, companyStreamId, evolveBeneficiary, evolveCompany, evolveJobOffer, evolveMarket, evolvePartner, evolvePlacement, expireJobOffer, hireCandidate,
  jobOfferStreamId, marketStreamId, notRetainCandidate, partnerStreamId, placeBeneficiary, placementStreamId, preselectCandidate, proposeCandidate,
  publishJobOffer, recordInterview, registerPartner, shareJobOffer,
} from '@clause-ledger/domain';
import { positionToString } from '@clause-ledger/event-store';
import { CommandExecutor, CommandMeta, CommandResult } from '../command-handling/command-executor';
import { DecisionContextProvider } from '../command-handling/decision-context';

export class RegisterPartnerCommand {
  constructor(readonly cmd: RegisterPartner, readonly meta: CommandMeta) {}
}
export class PublishJobOfferCommand {
  constructor(readonly cmd: PublishJobOffer, readonly meta: CommandMeta) {}
}
export class ShareJobOfferCommand {
  constructor(readonly cmd: { offerId: string; partnerIds: string[] }, readonly meta: CommandMeta) {}
}
export class ProposeCandidateCommand {
  constructor(readonly cmd: ProposeCandidate, readonly meta: CommandMeta) {}
}
export type CandidateStep = { kind: 'preselect' } | { kind: 'interview' } | { kind: 'notRetain'; reason: NotRetainedReason };
export class MoveCandidateCommand {
  constructor(readonly cmd: { offerId: string; candidateId: string; step: CandidateStep }, readonly meta: CommandMeta) {}
}
export class CloseJobOfferCommand {
  constructor(readonly cmd: { offerId: string; how: 'cancel' | 'expire' }, readonly meta: CommandMeta) {}
}
export class HireCandidateCommand {
  constructor(readonly cmd: HireCandidate, readonly meta: CommandMeta) {}
}

const offerStream = (offerId: string) => ({ streamId: jobOfferStreamId(offerId), evolve: evolveJobOffer });

@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: RegisterPartnerCommand) {
    return this.executor.execute(meta, { streamId: partnerStreamId(cmd.partnerId), evolve: evolvePartner }, (partner) => registerPartner(cmd, partner, this.ctx.now()));
  }
}

@CommandHandler(PublishJobOfferCommand)
export class PublishJobOfferHandler implements ICommandHandler<PublishJobOfferCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: PublishJobOfferCommand) {
    return this.executor.execute(meta, offerStream(cmd.offerId), async (offer, stateOf) =>
      publishJobOffer(cmd, offer, await stateOf(marketStreamId(cmd.marketId), evolveMarket), this.ctx.now()));
  }
}

@CommandHandler(ShareJobOfferCommand)
export class ShareJobOfferHandler implements ICommandHandler<ShareJobOfferCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: ShareJobOfferCommand) {
    return this.executor.execute(meta, offerStream(cmd.offerId), async (offer, stateOf) => {
      const ids = [...new Set(cmd.partnerIds)];
      const partners = await Promise.all(ids.map((id) => stateOf(partnerStreamId(id), evolvePartner)));
      return shareJobOffer(cmd.offerId, new Map(ids.map((id, i) => [id, partners[i]])), offer, this.ctx.now());
    });
  }
}

@CommandHandler(ProposeCandidateCommand)
export class ProposeCandidateHandler implements ICommandHandler<ProposeCandidateCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: ProposeCandidateCommand) {
    return this.executor.execute(meta, offerStream(cmd.offerId), async (offer, stateOf) => {
      const [partner, beneficiary] = await Promise.all([
        cmd.source.by === 'PARTNER' ? stateOf(partnerStreamId(cmd.source.partnerId), evolvePartner) : undefined,
        cmd.beneficiaryId ? stateOf(beneficiaryStreamId(cmd.beneficiaryId), evolveBeneficiary) : undefined,
      ]);
      return proposeCandidate(cmd, { offer, partner, beneficiary }, this.ctx.now());
    });
  }
}

@CommandHandler(MoveCandidateCommand)
export class MoveCandidateHandler implements ICommandHandler<MoveCandidateCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd: { offerId, candidateId, step }, meta }: MoveCandidateCommand) {
    return this.executor.execute(meta, offerStream(offerId), (offer) => {
      const ctx = this.ctx.now();
      if (step.kind === 'preselect') return preselectCandidate(offerId, candidateId, offer, ctx);
      if (step.kind === 'interview') return recordInterview(offerId, candidateId, offer, ctx);
      return notRetainCandidate(offerId, candidateId, step.reason, offer, ctx);
    });
  }
}

@CommandHandler(CloseJobOfferCommand)
export class CloseJobOfferHandler implements ICommandHandler<CloseJobOfferCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}
  execute({ cmd, meta }: CloseJobOfferCommand) {
    return this.executor.execute(meta, offerStream(cmd.offerId), (offer) =>
      (cmd.how === 'cancel' ? cancelJobOffer : expireJobOffer)(cmd.offerId, offer, this.ctx.now()));
  }
}

/**
 * The hire is decided and appended on the offer stream (so positions are never over-filled); the
 * placement it names is then appended to its own stream. That second append is idempotent: the
 * placement id is fixed by the hire, an existing placement is left as it is, and sending the same
 * hire again after a crash in between writes only the missing placement.
 */
@CommandHandler(HireCandidateCommand)
export class HireCandidateHandler implements ICommandHandler<HireCandidateCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor, private readonly ctx: DecisionContextProvider) {}

  async execute({ cmd, meta }: HireCandidateCommand): Promise<CommandResult> {
    const earlier = await this.recordedHire(cmd.offerId, cmd.candidateId);
    if (earlier) {
      await this.placementOf(earlier.hire, meta);
      return earlier.result;
    }
    const result = await this.executor.execute(meta, offerStream(cmd.offerId), async (offer, stateOf) => {
      const beneficiaryId = beneficiaryOfHire(cmd, offer);
      const [market, company, beneficiary] = await Promise.all([
        stateOf(marketStreamId(offer!.marketId), evolveMarket),
        stateOf(companyStreamId(offer!.companyId), evolveCompany),
        stateOf(beneficiaryStreamId(beneficiaryId), evolveBeneficiary),
      ]);
      return hireCandidate(cmd, offer, { market, company, beneficiary }, this.ctx.now());
    });
    const recorded = await this.recordedHire(cmd.offerId, cmd.candidateId);
    if (recorded) await this.placementOf(recorded.hire, meta);
    return result;
  }

  /** The candidate's hire as the offer stream holds it, with the answer it was given. */
  private async recordedHire(offerId: string, candidateId: string): Promise<{ hire: CandidateHired['data']; result: CommandResult } | undefined> {
    const { events } = await this.executor.load(jobOfferStreamId(offerId), evolveJobOffer);
    const hired = events.find((e) => e.type === 'CandidateHired' && (e.data as CandidateHired['data']).candidateId === candidateId);
    if (!hired) return undefined;
    return { hire: hired.data as CandidateHired['data'], result: { streamId: hired.streamId, revision: hired.revision.toString(), position: positionToString(hired.position), replayed: true } };
  }

  private async placementOf(hire: CandidateHired['data'], meta: CommandMeta): Promise<void> {
    const { offerId: _o, candidateId: _c, hiredOn: _h, ...placement } = hire;
    const stream = { streamId: placementStreamId(hire.placementId), evolve: evolvePlacement };
    if (await this.executor.state(stream.streamId, stream.evolve)) return;
    const placementMeta: CommandMeta = { commandType: 'PlaceBeneficiary', payload: { hire: { offerId: hire.offerId, candidateId: hire.candidateId } }, actor: meta.actor };
    try {
      await this.executor.execute(placementMeta, stream, async (existing, stateOf) => {
        const [market, company, beneficiary] = await Promise.all([
          stateOf(marketStreamId(hire.marketId), evolveMarket),
          stateOf(companyStreamId(hire.companyId), evolveCompany),
          stateOf(beneficiaryStreamId(hire.beneficiaryId), evolveBeneficiary),
        ]);
        return placeBeneficiary(placement, { placement: existing, market, company, beneficiary }, this.ctx.now());
      });
    } catch (error) {
      // a concurrent retry wrote it first: the placement is there, which is all this wanted
      if (!(error instanceof DomainError && error.code === 'PLACEMENT_ALREADY_EXISTS')) throw error;
    }
  }
}

export const JOB_OFFER_COMMAND_HANDLERS = [
  RegisterPartnerHandler, PublishJobOfferHandler, ShareJobOfferHandler, ProposeCandidateHandler, MoveCandidateHandler, CloseJobOfferHandler, HireCandidateHandler,
];
