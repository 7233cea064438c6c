import { conflict, notFound, ruleBroken } from './domain-error';
import { DOMAIN_ERRORS, DOMAIN_ERROR_AREAS } from './error-codes';

describe('the catalogue of error codes', () => {
  it('lists each code in exactly one area', () => {
    const listed = Object.values(DOMAIN_ERROR_AREAS).flatMap((area) => Object.keys(area));
    expect(listed.length).toBeGreaterThan(60);
    expect(listed.filter((code, i) => listed.indexOf(code) !== i)).toEqual([]);
    expect(Object.keys(DOMAIN_ERRORS).sort()).toEqual([...listed].sort());
  });
  it('names codes in upper snake case and explains each one', () => {
    for (const [code, entry] of Object.entries(DOMAIN_ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(entry.meaning).toMatch(/^[A-Z].{10,}\.$/);
    }
  });
  it('a refusal carries its code and the kind the catalogue gives it', () => {
    for (const error of [notFound('MARKET_NOT_FOUND', 'm'), conflict('MARKET_ALREADY_CLOSED', 'm'), ruleBroken('MARKET_CLOSED', 'm')]) {
      expect(DOMAIN_ERRORS[error.code].kind).toBe(error.kind);
    }
  });
  it('a code that is not in the catalogue, or of another kind, does not compile (npm run typecheck)', () => {
    // @ts-expect-error a typo
    expect(notFound('MARKET_NOT_FUOND', 'm').code).toBe('MARKET_NOT_FUOND');
    // @ts-expect-error a conflict code thrown as a broken rule
    expect(ruleBroken('MARKET_ALREADY_CLOSED', 'm').kind).toBe('rule');
  });
});
