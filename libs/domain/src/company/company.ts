import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { isValidSiret } from '../shared/siret';
import { CompanyKind, DISABILITY_KINDS, SIAE_KINDS } from '../shared/vocabulary';

/** A company is identified by its SIRET: registering the same establishment twice is a conflict. */
export const companyStreamId = (companyId: string) => `company-${companyId}`;

export type CompanyRegistered = DomainEvent<'CompanyRegistered', {
  companyId: string;
  siret: string;
  name: string;
  postcode: string;
  kind: CompanyKind;
  isSiae: boolean;
  isDisabilitySector: boolean;
  registeredOn: string;
}>;
export type CompanyEvent = CompanyRegistered;
export const COMPANY_EVENT_TYPES: ReadonlySet<string> = new Set(['CompanyRegistered']);

export type Company = CompanyRegistered['data'];
export type MaybeCompany = Company | undefined;

export interface RegisterCompany {
  readonly siret: string;
  readonly name: string;
  readonly postcode: string;
  readonly kind: CompanyKind;
}

export function registerCompany(cmd: RegisterCompany, company: MaybeCompany, ctx: DecisionContext): CompanyRegistered[] {
  if (!isValidSiret(cmd.siret)) {
    throw ruleBroken('INVALID_SIRET', `siret must be 14 digits with a valid checksum (Luhn), got "${cmd.siret}"`, 'siret');
  }
  if (company) throw conflict('COMPANY_ALREADY_REGISTERED', `a company with SIRET ${cmd.siret} is already registered`, 'siret');
  requirePostcode(cmd.postcode, 'postcode');
  return [
    event('CompanyRegistered', {
      companyId: cmd.siret,
      siret: cmd.siret,
      name: cmd.name,
      postcode: cmd.postcode,
      kind: cmd.kind,
      isSiae: SIAE_KINDS.includes(cmd.kind),
      isDisabilitySector: DISABILITY_KINDS.includes(cmd.kind),
      registeredOn: ctx.today,
    }),
  ];
}

export function evolveCompany(_company: MaybeCompany, e: CompanyEvent): MaybeCompany {
  return { ...e.data };
}

export function requireCompany(company: MaybeCompany, companyId: string): Company {
  if (!company) throw notFound('COMPANY_NOT_FOUND', `company ${companyId} does not exist`, 'companyId');
  return company;
}

/** French postcodes: 5 digits (Corsica's 2A/2B departments still use digits in postcodes). */
export function requirePostcode(postcode: string, field: string): void {
  if (!/^\d{5}$/.test(postcode)) throw ruleBroken('INVALID_POSTCODE', `${field} must be a 5-digit French postcode, got "${postcode}"`, field);
}
