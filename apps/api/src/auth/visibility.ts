import { Actor } from './actor';

/** What decides who sees a market: the organisations recorded on it and the companies holding its lots. */
export interface MarketParties {
  readonly facilitatorOrganisationId?: string;
  readonly buyerOrganisationId?: string;
  readonly companyIds: readonly string[];
}

export function marketVisibleTo(actor: Actor, market: MarketParties): boolean {
  switch (actor.role) {
    case 'FACILITATOR': return market.facilitatorOrganisationId === actor.organisationId;
    case 'BUYER': return market.buyerOrganisationId === actor.organisationId;
    case 'COMPANY': return !!actor.siret && market.companyIds.includes(actor.siret);
    case 'AUDITOR': return facilitatorOrganisationVisibleTo(actor, market.facilitatorOrganisationId);
    case 'ADMIN': return false;
  }
}

/** A record kept by a facilitator organisation (a beneficiary): its own staff and the auditors it was granted to. */
export function facilitatorOrganisationVisibleTo(actor: Actor, organisationId: string | undefined): boolean {
  if (!organisationId) return false;
  if (actor.role === 'FACILITATOR') return actor.organisationId === organisationId;
  return actor.role === 'AUDITOR' && (actor.auditedOrganisationIds ?? []).includes(organisationId);
}

/** Companies are public registry data (SIRENE): every facilitator and auditor reads them; a company only itself. */
export function companyVisibleTo(actor: Actor, companyId: string): boolean {
  if (actor.role === 'COMPANY') return actor.siret === companyId;
  return actor.role === 'FACILITATOR' || actor.role === 'AUDITOR';
}
