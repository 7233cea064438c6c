import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { requireWholeNonNegative } from '../shared/quantities';
import { Buyer, LotRegistration, MarketRegistered } from './market-events';
import { MaybeMarket } from './market';
import { MarketKind, isDepartmentCode } from '../shared/vocabulary';

export interface RegisterMarket {
  readonly marketId: string;
  readonly reference?: string;
  readonly title: string;
  readonly kind: MarketKind;
  readonly buyer: Buyer;
  readonly territory: string;
  readonly department: string;
  readonly facilitatorOrganisation: string;
  readonly facilitatorOrganisationId?: string;
  readonly buyerOrganisationId?: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly lots: readonly LotRegistration[];
}

export function registerMarket(cmd: RegisterMarket, market: MaybeMarket, ctx: DecisionContext): MarketRegistered[] {
  if (market) throw conflict('MARKET_ALREADY_REGISTERED', `market ${cmd.marketId} is already registered`, 'marketId');
  requireIsoDate(cmd.executionStart, 'executionStart');
  requireIsoDate(cmd.executionEnd, 'executionEnd');
  if (cmd.executionEnd < cmd.executionStart) {
    throw ruleBroken('EXECUTION_PERIOD_REVERSED', `executionEnd (${cmd.executionEnd}) must not be before executionStart (${cmd.executionStart})`, 'executionEnd');
  }
  if (!isDepartmentCode(cmd.department)) {
    throw ruleBroken('INVALID_DEPARTMENT', `department must be a French département code such as 50, 2A or 971, got "${cmd.department}"`, 'department');
  }
  if (cmd.lots.length === 0) throw ruleBroken('NO_LOT', 'a market needs at least one lot', 'lots');
  const seen = new Set<string>();
  cmd.lots.forEach((lot, i) => {
    if (seen.has(lot.lotId)) throw ruleBroken('DUPLICATE_LOT', `lot "${lot.lotId}" appears twice`, `lots[${i}].lotId`);
    seen.add(lot.lotId);
    requireWholeNonNegative(lot.estimatedAmountCents, `lots[${i}].estimatedAmountCents`, 'euro cents');
    // every lot of a public market has an estimate (its clause's target is computed from it)
    if (lot.estimatedAmountCents === 0) {
      throw ruleBroken('NO_ESTIMATED_AMOUNT', `lot "${lot.lotId}" needs an estimated amount above 0 euro cents`, `lots[${i}].estimatedAmountCents`);
    }
  });
  return [
    event('MarketRegistered', {
      marketId: cmd.marketId,
      ...(cmd.reference ? { reference: cmd.reference } : {}),
      title: cmd.title,
      kind: cmd.kind,
      buyer: cmd.buyer,
      territory: cmd.territory,
      department: cmd.department,
      facilitatorOrganisation: cmd.facilitatorOrganisation,
      ...(cmd.facilitatorOrganisationId ? { facilitatorOrganisationId: cmd.facilitatorOrganisationId } : {}),
      ...(cmd.buyerOrganisationId ? { buyerOrganisationId: cmd.buyerOrganisationId } : {}),
      executionStart: cmd.executionStart,
      executionEnd: cmd.executionEnd,
      lots: cmd.lots.map((l) => ({ lotId: l.lotId, title: l.title, estimatedAmountCents: l.estimatedAmountCents })),
      registeredOn: ctx.today,
    }),
  ];
}
