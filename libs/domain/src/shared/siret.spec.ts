import { isValidSiret, luhnValid } from './siret';

describe('SIRET', () => {
  it.each([
    ['IBM France', '73282932000074'],
    ['Google France', '44306184100047'],
    ['a Cotentin builder', '50123456100014'],
  ])('accepts 14 digits with a valid Luhn checksum (%s, %s)', (_who, siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });
  it('accepts La Poste\'s head office 35600000000048, the one La Poste SIRET checked with Luhn', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
  });
  it.each(['35600000049837', '35600000010014', '35600000010000'])(
    'accepts La Poste establishment %s, whose digits sum to a multiple of 5 though Luhn fails',
    (siret) => {
      expect([isValidSiret(siret), luhnValid(siret)]).toEqual([true, false]);
    },
  );
  it('refuses a La Poste establishment whose digits do not sum to a multiple of 5, even when Luhn holds', () => {
    expect([isValidSiret('35600000010013'), luhnValid('35600000010013')]).toEqual([false, true]);
  });
  it.each([
    ['a wrong checksum', '73282932000075'],
    ['two swapped digits', '73282932000704'],
    ['13 digits', '7328293200007'],
    ['15 digits', '732829320000740'],
    ['a letter', '7328293200007A'],
    ['spaces', '732 829 320 00074'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_why, siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });
});

describe('Luhn checksum', () => {
  it('doubles every second digit from the right', () => {
    expect([luhnValid('732829320'), luhnValid('79927398713'), luhnValid('79927398710')]).toEqual([true, true, false]);
  });
});
