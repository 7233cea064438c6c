import { TargetInput } from '@clause-ledger/domain';
import { TargetDto } from './market.dto';

/** The validated target of a clause (a market's or a support case's proposal) as the domain takes it. */
export function toTargetInput(target: TargetDto): TargetInput {
  return target.mode === 'FIXED'
    ? { mode: 'FIXED', hours: target.hours!, basis: target.basis!, ...(target.note ? { note: target.note } : {}) }
    : { mode: 'COMPUTED', labourSharePercent: target.labourSharePercent!, insertionRatePercent: target.insertionRatePercent!, hourlyCostCents: target.hourlyCostCents! };
}
