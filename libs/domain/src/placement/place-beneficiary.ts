import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { ContractType, Modality } from '../shared/vocabulary';
import { MaybeMarket } from '../market/market';
import { requireLot, requireMarket } from '../market/define-clause';
import { requireOpenMarket } from '../market/close-market';
import { MaybeCompany, requireCompany } from '../company/company';
import { MaybeBeneficiary, eligibilityOn, requireBeneficiary, requireNotErased } from '../beneficiary/beneficiary';
import { BeneficiaryPlaced } from './placement-events';
import { MaybePlacement } from './placement';

export interface PlaceBeneficiary {
  readonly placementId: string;
  readonly marketId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly beneficiaryId: string;
  readonly modality: Modality;
  readonly contractType: ContractType;
  readonly startDate: string;
  readonly plannedEndDate: string;
}

export interface PlacementWorld {
  readonly placement: MaybePlacement;
  readonly market: MaybeMarket;
  readonly company: MaybeCompany;
  readonly beneficiary: MaybeBeneficiary;
}

/**
 * A placement counts only on a lot whose clause the company accepted, for a person eligible on the
 * day the placement starts, inside the market's execution period.
 */
export function placeBeneficiary(cmd: PlaceBeneficiary, world: PlacementWorld, ctx: DecisionContext): BeneficiaryPlaced[] {
  if (world.placement) throw conflict('PLACEMENT_ALREADY_EXISTS', `placement ${cmd.placementId} already exists`, 'placementId');
  const market = requireMarket(world.market, cmd.marketId);
  requireOpenMarket(world.market, cmd.marketId);
  const lot = requireLot(world.market, cmd.marketId, cmd.lotId);
  requireCompany(world.company, cmd.companyId);
  const person = requireNotErased(requireBeneficiary(world.beneficiary, cmd.beneficiaryId));
  if (!lot.acceptance) throw ruleBroken('CLAUSE_NOT_ACCEPTED', `the clause of lot ${cmd.lotId} has not been accepted by a company yet`, 'lotId');
  if (lot.acceptance.companyId !== cmd.companyId) {
    throw ruleBroken('NOT_THE_LOT_COMPANY', `company ${cmd.companyId} does not hold lot ${cmd.lotId}; its clause was accepted by ${lot.acceptance.companyId}`, 'companyId');
  }
  requireIsoDate(cmd.startDate, 'startDate');
  requireIsoDate(cmd.plannedEndDate, 'plannedEndDate');
  if (cmd.plannedEndDate < cmd.startDate) {
    throw ruleBroken('PLACEMENT_PERIOD_REVERSED', `plannedEndDate (${cmd.plannedEndDate}) must not be before startDate (${cmd.startDate})`, 'plannedEndDate');
  }
  if (cmd.startDate < market.executionStart || cmd.startDate > market.executionEnd) {
    throw ruleBroken('OUTSIDE_EXECUTION_PERIOD', `startDate ${cmd.startDate} is outside the market's execution period ${market.executionStart} to ${market.executionEnd}`, 'startDate');
  }
  const eligibility = eligibilityOn(person, cmd.startDate);
  if (!eligibility) {
    throw ruleBroken('NOT_ELIGIBLE_AT_START', `beneficiary ${cmd.beneficiaryId} has no eligibility valid on ${cmd.startDate}: validate it before placing`, 'beneficiaryId');
  }
  return [
    event('BeneficiaryPlaced', {
      placementId: cmd.placementId,
      marketId: cmd.marketId,
      lotId: cmd.lotId,
      companyId: cmd.companyId,
      beneficiaryId: cmd.beneficiaryId,
      modality: cmd.modality,
      contractType: cmd.contractType,
      startDate: cmd.startDate,
      plannedEndDate: cmd.plannedEndDate,
      eligibility: { criteria: [...eligibility.criteria], validatedOn: eligibility.validatedOn, validUntil: eligibility.validUntil },
      placedOn: ctx.today,
    }),
  ];
}
