import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { ActorRef, BeneficiaryErased } from './beneficiary-events';
import { MaybeBeneficiary, requireBeneficiary, requireNotErased } from './beneficiary';

export interface EraseBeneficiary {
  readonly beneficiaryId: string;
  /** Why (e.g. the person's request under GDPR art. 17, end of retention): kept, so it must name no one. */
  readonly reason: string;
  readonly erasedBy: ActorRef;
}

/**
 * Decided before the handler destroys the key: an unknown or already erased person is refused
 * without touching the key store.
 */
export function eraseBeneficiary(cmd: EraseBeneficiary, beneficiary: MaybeBeneficiary, ctx: DecisionContext): BeneficiaryErased[] {
  requireNotErased(requireBeneficiary(beneficiary, cmd.beneficiaryId));
  if (cmd.reason.trim().length === 0) throw ruleBroken('ERASURE_REASON_MISSING', 'reason must say why the personal data is erased', 'reason');
  return [event('BeneficiaryErased', { beneficiaryId: cmd.beneficiaryId, erasedOn: ctx.today, reason: cmd.reason, erasedBy: cmd.erasedBy })];
}
