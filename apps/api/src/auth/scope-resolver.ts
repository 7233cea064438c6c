import { Inject, Injectable } from '@nestjs/common';
import {
  BADGES_STREAM, BeneficiaryPlaced, JobOfferPublished, jobOfferStreamId, DomainError, DomainErrorCodeOf, Market, MarketRegistered, beneficiaryStreamId, companyStreamId, evolveBadges, evolveMarket, evolveOrganisation,
  marketStreamId, notFound, OrganisationKind, OrganisationRegistered, organisationStreamId, placementStreamId, SupportRequested, supportCaseStreamId,
} from '@clause-ledger/domain';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@clause-ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { CommandExecutor } from '../command-handling/command-executor';
import { Actor } from './actor';
import { ScopedResource } from './access.decorators';
import { ForbiddenRoleError } from './access-errors';
import { MarketParties, companyVisibleTo, facilitatorOrganisationVisibleTo, marketVisibleTo } from './visibility';

export const marketParties = (market: Market): MarketParties => ({
  facilitatorOrganisationId: market.facilitatorOrganisationId,
  buyerOrganisationId: market.buyerOrganisationId,
  companyIds: Object.values(market.lots).flatMap((lot) => (lot.acceptance ? [lot.acceptance.companyId] : [])),
});

/**
 * Reads scope from the streams themselves (not a read model that may lag): a resource created a
 * moment ago is already in its owner's scope. An unknown id and another organisation's resource
 * get the very same 404, so an answer never tells whether something exists elsewhere.
 */
/** First events kept (a stream's creation never changes); unknown ids are not kept, they may be created later. */
const CREATIONS_CAPACITY = 50_000;

@Injectable()
export class ScopeResolver {
  private readonly creations = new Map<string, RecordedEvent>();

  constructor(private readonly executor: CommandExecutor, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The actor with what its organisation record adds: a company's SIRET, an auditor's grants. A
   * registered organisation's kind must be the token's role; an organisation nobody registered (the
   * embedded issuer's demo tokens) is taken at the token's word, and an ADMIN belongs to no kind.
   */
  async withOrganisation(actor: Actor): Promise<Actor> {
    if (actor.role === 'ADMIN') return actor;
    if (actor.role !== 'COMPANY' && actor.role !== 'AUDITOR') {
      const registered = (await this.creation(organisationStreamId(actor.organisationId)))?.data as OrganisationRegistered['data'] | undefined;
      if (registered) assertKind(actor, registered.kind);
      return actor;
    }
    const organisation = await this.executor.state(organisationStreamId(actor.organisationId), evolveOrganisation);
    if (!organisation) return actor;
    assertKind(actor, organisation.kind);
    return { ...actor, ...(organisation.siret ? { siret: organisation.siret } : {}), auditedOrganisationIds: organisation.auditedOrganisationIds };
  }

  async check(actor: Actor, resource: ScopedResource, id: string): Promise<void> {
    if (!(await this.visible(actor, resource, id))) throw outOfScope(resource, id);
  }

  /** false as well when the resource does not exist. */
  private async visible(actor: Actor, resource: ScopedResource, id: string): Promise<boolean> {
    switch (resource) {
      case 'market': {
        // a company's lots come later (acceptances): only then is the whole stream needed
        if (actor.role === 'COMPANY') {
          const market = await this.executor.state(marketStreamId(id), evolveMarket);
          return !!market && marketVisibleTo(actor, marketParties(market));
        }
        const registered = (await this.creation(marketStreamId(id)))?.data as MarketRegistered['data'] | undefined;
        return !!registered && marketVisibleTo(actor, { ...registered, companyIds: [] });
      }
      case 'placement': {
        const placed = (await this.creation(placementStreamId(id)))?.data as BeneficiaryPlaced['data'] | undefined;
        if (!placed) return false;
        if (actor.role === 'COMPANY') return actor.siret === placed.companyId;
        return this.visible(actor, 'market', placed.marketId);
      }
      case 'beneficiary': {
        const creator = (await this.creation(beneficiaryStreamId(id)))?.metadata.actor as { organisationId?: string } | undefined;
        return !!creator && facilitatorOrganisationVisibleTo(actor, creator.organisationId);
      }
      case 'supportCase': {
        const requested = (await this.creation(supportCaseStreamId(id)))?.data as SupportRequested['data'] | undefined;
        return !!requested && facilitatorOrganisationVisibleTo(actor, requested.facilitatorOrganisationId);
      }
      case 'company':
        return !!(await this.creation(companyStreamId(id))) && companyVisibleTo(actor, id);
      case 'offer': {
        const published = (await this.creation(jobOfferStreamId(id)))?.data as JobOfferPublished['data'] | undefined;
        if (!published) return false;
        if (actor.role === 'COMPANY') return actor.siret === published.companyId;
        return this.visible(actor, 'market', published.marketId);
      }
      case 'badge': {
        const badge = (await this.executor.state(BADGES_STREAM, evolveBadges))?.awarded[id];
        return !!badge && this.visible(actor, 'market', badge.marketId);
      }
    }
  }

  /**
   * A stream's first event: who owns a market, a placement or a beneficiary is fixed when it is
   * created, so one event is read instead of a history that grows every month.
   */
  private async creation(streamId: string): Promise<RecordedEvent | undefined> {
    const known = this.creations.get(streamId);
    if (known) return known;
    try {
      const [first] = await this.store.readStream(streamId, { maxCount: 1 });
      if (this.creations.size >= CREATIONS_CAPACITY) this.creations.delete(this.creations.keys().next().value!);
      if (first) this.creations.set(streamId, first);
      return first;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }
}

export const SCOPE_NOT_FOUND_CODES: Record<ScopedResource, DomainErrorCodeOf<'not_found'>> = {
  market: 'MARKET_NOT_FOUND', placement: 'PLACEMENT_NOT_FOUND', beneficiary: 'BENEFICIARY_NOT_FOUND', company: 'COMPANY_NOT_FOUND', badge: 'BADGE_NOT_FOUND', supportCase: 'SUPPORT_CASE_NOT_FOUND', offer: 'JOB_OFFER_NOT_FOUND',
};

function assertKind(actor: Actor, kind: OrganisationKind): void {
  if (kind !== actor.role) {
    throw new ForbiddenRoleError(`organisation ${actor.organisationId} is registered as a ${kind}: a ${actor.role} token may not act for it`, 'role-not-of-organisation-kind');
  }
}

/** Exactly what the domain answers for an unknown id: another organisation's resource is not revealed. */
function outOfScope(resource: ScopedResource, id: string): DomainError {
  return notFound(SCOPE_NOT_FOUND_CODES[resource], `${resource === 'supportCase' ? 'support case' : resource} ${id} does not exist`, resource === 'supportCase' ? 'caseId' : `${resource}Id`);
}
