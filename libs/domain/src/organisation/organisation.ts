import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { isValidSiret } from '../shared/siret';

/**
 * An organisation people sign in for: the facilitator's (OPCS), a buyer, a company (linked to its
 * establishment by SIRET) or an auditor (reading the facilitator organisations it is granted).
 */
export const organisationStreamId = (organisationId: string) => `organisation-${organisationId}`;

export const ORGANISATION_KINDS = ['FACILITATOR', 'BUYER', 'COMPANY', 'AUDITOR'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export type OrganisationRegistered = DomainEvent<'OrganisationRegistered', {
  organisationId: string;
  kind: OrganisationKind;
  name: string;
  /** A company organisation's establishment: its placements and lots are the ones held under this SIRET. */
  siret?: string;
  registeredOn: string;
}>;
export type AuditScopeGranted = DomainEvent<'AuditScopeGranted', {
  organisationId: string;
  /** The whole list of facilitator organisations the auditor may read, replacing the previous one. */
  facilitatorOrganisationIds: string[];
  grantedOn: string;
}>;
export type OrganisationEvent = OrganisationRegistered | AuditScopeGranted;
export const ORGANISATION_EVENT_TYPES: ReadonlySet<string> = new Set(['OrganisationRegistered', 'AuditScopeGranted']);

export type Organisation = OrganisationRegistered['data'] & { readonly auditedOrganisationIds: readonly string[] };
export type MaybeOrganisation = Organisation | undefined;

export interface RegisterOrganisation {
  readonly organisationId: string;
  readonly kind: OrganisationKind;
  readonly name: string;
  readonly siret?: string;
}

export interface GrantAuditScope {
  readonly organisationId: string;
  readonly facilitatorOrganisationIds: readonly string[];
}

export function registerOrganisation(cmd: RegisterOrganisation, organisation: MaybeOrganisation, ctx: DecisionContext): OrganisationRegistered[] {
  if (organisation) throw conflict('ORGANISATION_ALREADY_REGISTERED', `organisation ${cmd.organisationId} is already registered`, 'organisationId');
  if (cmd.kind === 'COMPANY' && (!cmd.siret || !isValidSiret(cmd.siret))) {
    throw ruleBroken('COMPANY_ORGANISATION_NEEDS_SIRET', 'a COMPANY organisation needs the SIRET of its establishment (14 digits, valid checksum)', 'siret');
  }
  if (cmd.kind !== 'COMPANY' && cmd.siret) throw ruleBroken('SIRET_ONLY_FOR_COMPANIES', 'only a COMPANY organisation has a SIRET', 'siret');
  return [event('OrganisationRegistered', {
    organisationId: cmd.organisationId, kind: cmd.kind, name: cmd.name, ...(cmd.siret ? { siret: cmd.siret } : {}), registeredOn: ctx.today,
  })];
}

export function grantAuditScope(cmd: GrantAuditScope, organisation: MaybeOrganisation, ctx: DecisionContext): AuditScopeGranted[] {
  if (!organisation) throw notFound('ORGANISATION_NOT_FOUND', `organisation ${cmd.organisationId} does not exist`, 'organisationId');
  if (organisation.kind !== 'AUDITOR') throw ruleBroken('NOT_AN_AUDITOR', `organisation ${cmd.organisationId} is a ${organisation.kind}, only an AUDITOR is granted an audit scope`, 'organisationId');
  return [event('AuditScopeGranted', { organisationId: cmd.organisationId, facilitatorOrganisationIds: [...new Set(cmd.facilitatorOrganisationIds)].sort(), grantedOn: ctx.today })];
}

export function evolveOrganisation(organisation: MaybeOrganisation, e: OrganisationEvent): MaybeOrganisation {
  switch (e.type) {
    case 'OrganisationRegistered':
      return { ...e.data, auditedOrganisationIds: [] };
    case 'AuditScopeGranted':
      return { ...organisation!, auditedOrganisationIds: e.data.facilitatorOrganisationIds };
  }
}
