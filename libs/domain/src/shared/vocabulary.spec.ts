import { departmentOfPostcode, exitCategoryOf, isDepartmentCode, isDynamicExit } from './vocabulary';

describe('départements', () => {
  it('metropolitan codes run from 01 to 95, Corsica is 2A and 2B', () => {
    expect(['01', '50', '95', '2A', '2B'].map(isDepartmentCode)).toEqual([true, true, true, true, true]);
  });
  it('overseas départements are 971 to 976', () => {
    expect(['971', '974', '976', '977'].map(isDepartmentCode)).toEqual([true, true, true, false]);
  });
  it('00, 20, 96 and free text are not départements', () => {
    expect(['00', '20', '96', '5', 'Manche'].map(isDepartmentCode)).toEqual([false, false, false, false, false]);
  });
  it('a postcode gives its département: first two digits, three overseas, 2A/2B in Corsica', () => {
    expect(['50100', '01000', '97490', '20000', '20167', '20200', '20600'].map(departmentOfPostcode)).toEqual(['50', '01', '974', '2A', '2A', '2B', '2B']);
  });
});

describe('exits after a contract', () => {
  it('a permanent contract, a contract or temp work of 6 months or more, or a business creation is emploi durable', () => {
    expect((['PERMANENT_CONTRACT', 'FIXED_TERM_6M_OR_MORE', 'TEMPORARY_6M_OR_MORE', 'BUSINESS_CREATION'] as const).map(exitCategoryOf)).toEqual(Array(4).fill('DURABLE_EMPLOYMENT'));
  });
  it('a shorter contract or temp work, or a subsidised contract, is emploi de transition', () => {
    expect((['FIXED_TERM_UNDER_6M', 'TEMPORARY_UNDER_6M', 'SUBSIDISED_CONTRACT'] as const).map(exitCategoryOf)).toEqual(Array(3).fill('TRANSITION_EMPLOYMENT'));
  });
  it('a qualifying training or another SIAE is a sortie positive', () => {
    expect((['QUALIFYING_TRAINING', 'OTHER_SIAE'] as const).map(exitCategoryOf)).toEqual(['POSITIVE_EXIT', 'POSITIVE_EXIT']);
  });
  it('everything else is an autre sortie', () => {
    expect((['JOBSEEKER', 'INACTIVE', 'UNKNOWN', 'OTHER'] as const).map(exitCategoryOf)).toEqual(Array(4).fill('OTHER_EXIT'));
  });
  it('sorties dynamiques are the three first categories together', () => {
    expect((['DURABLE_EMPLOYMENT', 'TRANSITION_EMPLOYMENT', 'POSITIVE_EXIT', 'OTHER_EXIT'] as const).map(isDynamicExit)).toEqual([true, true, true, false]);
  });
});
