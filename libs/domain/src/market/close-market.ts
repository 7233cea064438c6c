import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MarketClosed, QualitativeAssessment } from './market-events';
import { MaybeMarket } from './market';
import { requireMarket } from './define-clause';

export interface CloseMarket {
  readonly marketId: string;
  readonly qualitative: QualitativeAssessment;
  readonly earlyClosureReason?: string;
}

/** Closing a market issues its bilan; before the execution end it takes a stated reason. */
export function closeMarket(cmd: CloseMarket, market: MaybeMarket, ctx: DecisionContext): MarketClosed[] {
  const m = requireMarket(market, cmd.marketId);
  if (m.closedOn) throw conflict('MARKET_ALREADY_CLOSED', `market ${cmd.marketId} was closed on ${m.closedOn}`, 'marketId');
  if (ctx.today < m.executionEnd && !cmd.earlyClosureReason?.trim()) {
    throw ruleBroken('EXECUTION_NOT_OVER', `the execution of market ${cmd.marketId} runs until ${m.executionEnd}; closing it earlier needs earlyClosureReason`, 'earlyClosureReason');
  }
  if (!cmd.qualitative.summary.trim()) throw ruleBroken('QUALITATIVE_SUMMARY_REQUIRED', 'the bilan needs the facilitator\'s qualitative summary', 'qualitative.summary');
  return [
    event('MarketClosed', {
      marketId: cmd.marketId,
      closedOn: ctx.today,
      ...(ctx.today < m.executionEnd ? { earlyClosureReason: cmd.earlyClosureReason!.trim() } : {}),
      qualitative: cmd.qualitative,
    }),
  ];
}

export function requireOpenMarket(market: MaybeMarket, marketId: string): void {
  const m = requireMarket(market, marketId);
  if (m.closedOn) throw ruleBroken('MARKET_CLOSED', `market ${marketId} was closed on ${m.closedOn} and its bilan issued: its hours can no longer change`, 'marketId');
}
