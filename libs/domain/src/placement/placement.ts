import { notFound } from '../shared/domain-error';
import { BeneficiaryPlaced, PlacementEvent, PlacementRef } from './placement-events';

export const placementStreamId = (placementId: string) => `placement-${placementId}`;

export interface Placement extends Omit<BeneficiaryPlaced['data'], 'placedOn'> {
  /** Current hours per month (after corrections). */
  readonly hoursByMonth: Readonly<Record<string, number>>;
  readonly endDate?: string;
  readonly followUps: Readonly<Partial<Record<'6' | '12', string>>>;
}
export type MaybePlacement = Placement | undefined;

export function evolvePlacement(placement: MaybePlacement, e: PlacementEvent): MaybePlacement {
  if (e.type === 'BeneficiaryPlaced') {
    const { placedOn: _placedOn, ...data } = e.data;
    return { ...data, hoursByMonth: {}, followUps: {} };
  }
  if (!placement) throw new Error(`${e.type} for unknown placement ${e.data.placementId}`);
  switch (e.type) {
    case 'HoursDeclared':
    case 'HoursCorrected':
      return { ...placement, hoursByMonth: { ...placement.hoursByMonth, [e.data.month]: e.data.hours } };
    case 'PlacementEnded':
      return { ...placement, endDate: e.data.endDate };
    case 'FollowUpRecorded':
      return { ...placement, followUps: { ...placement.followUps, [String(e.data.milestone)]: e.data.situation } };
  }
}

export function requirePlacement(placement: MaybePlacement, placementId: string): Placement {
  if (!placement) throw notFound('PLACEMENT_NOT_FOUND', `placement ${placementId} does not exist`, 'placementId');
  return placement;
}

export function placementRef(p: Placement): PlacementRef {
  return { placementId: p.placementId, marketId: p.marketId, lotId: p.lotId, companyId: p.companyId, beneficiaryId: p.beneficiaryId };
}

/** The last day hours may be counted for: the actual end when known, else the planned end. */
export const placementLastDay = (p: Placement): string => p.endDate ?? p.plannedEndDate;
