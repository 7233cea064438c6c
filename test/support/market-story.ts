/**
 * A realistic market history, used by the end-to-end tests and the demo: a social landlord's
 * renovation works in Cherbourg, two lots, one company, two beneficiaries, three months of hours.
 */
export const TODAY = '2026-06-15';

export const company = { siret: '73282932000074', name: 'Bâtiments du Cotentin SAS', postcode: '50100', kind: 'ORDINARY' };
export const siaeCompany = { siret: '44306184100047', name: 'Chantier d\'insertion La Glacerie', postcode: '50470', kind: 'ACI' };

export const market = {
  marketId: 'mkt-fourches-2026',
  reference: '2026-TRX-014',
  title: 'Réhabilitation de 120 logements, quartier des Fourches',
  kind: 'WORKS',
  buyer: { name: 'Cotentin Habitat', kind: 'SOCIAL_LANDLORD', contactEmail: 'marches@cotentin-habitat.example' },
  territory: 'Cherbourg-en-Cotentin (50)',
  department: '50',
  facilitatorOrganisation: 'MEF du Cotentin',
  executionStart: '2026-01-05',
  executionEnd: '2027-06-30',
  lots: [
    { lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000 },
    { lotId: 'lot-2', title: 'Peinture intérieure', estimatedAmountCents: 24_000_000 },
  ],
};

/** 1,000,000 € × 50 % × 5 % ÷ 30 €/h = 833.33 -> 833 h */
export const clauseLot1 = {
  clauseTypes: ['EXECUTION'],
  target: { mode: 'COMPUTED', labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000 },
  penaltyPerMissingHourCents: 3000,
};

export const beneficiary = {
  beneficiaryId: 'ben-amina',
  firstName: 'Amina',
  lastName: 'Diallo',
  birthDate: '2003-04-12',
  sex: 'F',
  postcode: '50100',
  qpvResident: true,
  qualificationLevel: 'NONE',
};

export const eligibility = {
  criteria: ['JEUNE', 'QPV', 'CAP_BEP'],
  validatedOn: '2026-02-02',
  validatedBy: 'C. Lefèvre, facilitatrice MEF du Cotentin',
  proofKinds: ['ID_DOCUMENT', 'ADDRESS_PROOF'],
};

export const placement = {
  placementId: 'plc-amina-lot1',
  marketId: market.marketId,
  lotId: 'lot-1',
  companyId: company.siret,
  beneficiaryId: beneficiary.beneficiaryId,
  modality: 'DIRECT_HIRE',
  contractType: 'FIXED_TERM',
  startDate: '2026-03-02',
  plannedEndDate: '2026-12-18',
};

export const monthlyHours = [
  { month: '2026-03', hours: 140, source: 'PAYSLIP' },
  { month: '2026-04', hours: 151.67, source: 'PAYSLIP' },
  { month: '2026-05', hours: 120.5, source: 'TIMESHEET' },
];
