import { conflict, notFound } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';

/** The employment and insertion actors offers are shared with (service public de l'emploi, SIAE networks...). */
export const PARTNER_KINDS = ['MISSION_LOCALE', 'FRANCE_TRAVAIL', 'CAP_EMPLOI', 'PLIE', 'SIAE_NETWORK', 'GEIQ', 'OTHER'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const partnerStreamId = (partnerId: string) => `partner-${partnerId}`;

export type PartnerRegistered = DomainEvent<'PartnerRegistered', { partnerId: string; name: string; kind: PartnerKind; registeredOn: string }>;
export type PartnerEvent = PartnerRegistered;
export type Partner = Omit<PartnerRegistered['data'], 'registeredOn'>;
export type MaybePartner = Partner | undefined;

export interface RegisterPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
}

export function registerPartner(cmd: RegisterPartner, partner: MaybePartner, ctx: DecisionContext): PartnerRegistered[] {
  if (partner) throw conflict('PARTNER_ALREADY_REGISTERED', `partner ${cmd.partnerId} is already registered`, 'partnerId');
  return [event('PartnerRegistered', { partnerId: cmd.partnerId, name: cmd.name, kind: cmd.kind, registeredOn: ctx.today })];
}

export function evolvePartner(_partner: MaybePartner, e: PartnerEvent): MaybePartner {
  const { registeredOn: _on, ...partner } = e.data;
  return partner;
}

export function requirePartner(partner: MaybePartner, partnerId: string, field = 'partnerId'): Partner {
  if (!partner) throw notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, field);
  return partner;
}
