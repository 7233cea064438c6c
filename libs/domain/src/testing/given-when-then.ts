import { DomainError, DomainErrorKind } from '../shared/domain-error';
import { DecisionContext, DEFAULT_POLICY, DomainEvent } from '../shared/domain-event';

export const context = (today = '2026-06-15'): DecisionContext => ({ today, policy: DEFAULT_POLICY });

/**
 * given(history, evolve).when(state => decide(...)).then(events) | .thenRefuses({ kind, code, field })
 */
export function given<S>(history: readonly DomainEvent[], evolve: (s: S | undefined, e: never) => S | undefined) {
  const state = history.reduce<S | undefined>((s, e) => evolve(s, e as never), undefined);
  return {
    when(decide: (state: S | undefined) => unknown) {
      const run = () => decide(state);
      return {
        then(expected: unknown) {
          expect(run()).toEqual(expected);
        },
        thenRefuses(expected: { kind: DomainErrorKind; code: string; field?: string }) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          const { kind, code, field } = error as DomainError;
          expect({ kind, code, ...(expected.field !== undefined ? { field } : {}) }).toEqual(expected);
        },
      };
    },
  };
}
