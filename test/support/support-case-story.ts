/**
 * A Manche-style support request (seed 000): a commune asks for help on a works project, the
 * facilitator answers at level 1, then 2 (tender documents, clause proposals, offers scored), then
 * 3 once the market is awarded.
 */
export const caseId = 'case-saint-lo-place';

export const request = {
  caseId,
  facilitatorOrganisation: 'Département de la Manche',
  buyer: { name: 'Commune de Saint-Lô', kind: 'COMMUNE', contactEmail: 'marches@saint-lo.example' },
  contact: { name: 'Service de la commande publique', role: 'responsable des marchés', email: 'marches@saint-lo.example' },
  project: {
    title: 'Requalification de la place du marché', territory: 'Saint-Lô (50)', department: '50', marketKind: 'WORKS',
    estimatedAmountCents: 180_000_000, expectedPublication: '2026-03',
  },
  channel: 'PHONE',
  requestedOn: '2026-01-12',
};

export const firstCall = {
  actionId: 'act-first-call', kind: 'FIRST_CONTACT', date: '2026-01-12', channel: 'PHONE',
  participants: [{ kind: 'BUYER', label: 'Commune de Saint-Lô, service marchés' }, { kind: 'FACILITATOR', label: 'Département de la Manche' }],
  summary: 'Premier échange : une clause d\'exécution est opportune sur les VRD et les espaces verts.',
  nextAction: { date: '2026-02-02', summary: 'recevoir le DCE' },
};

export const lots = {
  describedOn: '2026-02-02',
  lots: [
    { lotId: 'lot-1', title: 'VRD', estimatedAmountCents: 120_000_000 },
    { lotId: 'lot-2', title: 'Espaces verts', estimatedAmountCents: 60_000_000 },
  ],
};

export const cctpReceived = { documentId: 'doc-cctp', direction: 'RECEIVED', kind: 'CCTP', title: 'CCTP VRD et espaces verts', date: '2026-02-02' };

export const opportunityLot2 = {
  jobsGenerated: [{ romeCode: 'A1203', title: 'Ouvrier paysagiste', positions: 2 }],
  localJobseekersCanFill: true, qpvJobseekersCanFill: true, recommendedClauseTypes: ['EXECUTION', 'AWARD_CRITERION'],
  reason: 'Métier accessible après une courte formation ; vivier local et QPV suivi par le PLIE.', analysedOn: '2026-02-05',
};

/** 1,200,000 € × 40 % × 7 % ÷ 32 €/h = 1,050 h */
export const proposalLot1 = {
  clauseTypes: ['EXECUTION'], target: { mode: 'COMPUTED', labourSharePercent: 40, insertionRatePercent: 7, hourlyCostCents: 3200 },
  penaltyPerMissingHourCents: 3200, proposedOn: '2026-02-10',
};

/** 600,000 € × 60 % × 10 % ÷ 28 €/h = 1,285.71 -> 1,286 h */
export const proposalLot2 = {
  clauseTypes: ['EXECUTION', 'AWARD_CRITERION'], target: { mode: 'COMPUTED', labourSharePercent: 60, insertionRatePercent: 10, hourlyCostCents: 2800 },
  penaltyPerMissingHourCents: 2800, proposedOn: '2026-02-10',
};

export const offersLot2 = {
  grid: { weightPercent: 10, subCriteria: [{ code: 'HOURS', label: 'Heures d\'insertion proposées', maxPoints: 6 }, { code: 'METHOD', label: 'Méthode d\'accompagnement', maxPoints: 4 }] },
  bidders: [
    { bidder: 'Jardins du Bocage SARL', siret: '73282932000074', insertionOffer: '1 400 h dont un contrat de professionnalisation', offeredHours: 1400, scores: [{ code: 'HOURS', points: 6 }, { code: 'METHOD', points: 3.5 }] },
    { bidder: 'Paysages Normands', insertionOffer: '1 286 h par intérim d\'insertion', offeredHours: 1286, scores: [{ code: 'HOURS', points: 5 }, { code: 'METHOD', points: 2 }] },
  ],
  scoredOn: '2026-04-10',
};

export const marketFromCase = { marketId: 'mkt-saint-lo-place', reference: '2026-TRX-021', executionStart: '2026-05-04', executionEnd: '2027-04-30', linkedOn: '2026-04-20' };

export const launchMeeting = {
  actionId: 'act-launch', kind: 'LAUNCH_MEETING', date: '2026-05-12', channel: 'MEETING',
  participants: [{ kind: 'BUYER', label: 'Commune de Saint-Lô' }, { kind: 'COMPANY', label: 'Bâtiments du Cotentin SAS' }, { kind: 'FACILITATOR', label: 'Département de la Manche' }],
  summary: 'Réunion de lancement : modalités de recrutement, premier relevé d\'heures attendu début juin.',
  nextAction: { date: '2026-06-05', summary: 'premier relevé mensuel des heures' },
};

export const companySupport = {
  actionId: 'cs-aides', kind: 'HIRING_AID_ADVICE', date: '2026-05-19',
  companyIds: ['73282932000074'], marketId: marketFromCase.marketId, summary: 'Aides à l\'embauche et contrat de professionnalisation présentés.',
};

export const promotion = {
  actionId: 'promo-acteurs', kind: 'ACTORS_MEETING', date: '2026-03-26',
  title: 'Réunion des acteurs de la clause sociale du Saint-Lois',
  attendees: [{ kind: 'BUYER', count: 6 }, { kind: 'COMPANY', count: 9 }, { kind: 'EMPLOYMENT_PARTNER', count: 4 }],
};
