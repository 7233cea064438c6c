import { ActivityReport } from '@clause-ledger/projections';
import { frenchPdf, hours } from './french-pdf';

const ACTION_LABELS: Record<string, string> = {
  FIRST_CONTACT: 'Premier contact', FIRST_ADVICE: 'Conseil de premier niveau', REGULATORY_INFORMATION: 'Information réglementaire',
  TENDER_DOCUMENTS_REVIEW: 'Analyse des pièces du marché', WRITING_GUIDE_SENT: 'Guide rédactionnel transmis', OFFER_ANALYSIS_SUPPORT: 'Aide à l\'analyse des offres',
  COMPANY_ANSWER_SUPPORT: 'Aide aux entreprises candidates', LAUNCH_MEETING: 'Réunion de lancement', COMPANY_SUPPORT: 'Accompagnement des entreprises',
  BUYER_ALERT: 'Alerte à l\'acheteur', EXECUTION_FOLLOW_UP: 'Suivi de l\'exécution', BILAN_MEETING: 'Réunion de bilan', OTHER: 'Autre',
  INFORMATION_SESSION: 'Information des entreprises attributaires', HIRING_AID_ADVICE: 'Conseil sur les aides à l\'embauche',
  WORK_STUDY_SETUP: 'Montage de contrats en alternance', RECRUITMENT_SUPPORT: 'Aide au recrutement',
  ACTORS_MEETING: 'Réunion des acteurs', BUYER_STAFF_TRAINING: 'Formation des agents des acheteurs', TESTIMONY: 'Témoignage',
  FACILITATORS_NETWORK: 'Réseau régional des facilitateurs',
};
const ATTENDEE_LABELS: Record<string, string> = {
  BUYER: 'Acheteurs', COMPANY: 'Entreprises', FACILITATOR: 'Facilitateurs', EMPLOYMENT_PARTNER: 'Service public de l\'emploi',
  SIAE: 'Structures d\'insertion', ELECTED_OFFICIAL: 'Élus', OTHER: 'Autres',
};
const label = (code: string) => ACTION_LABELS[code] ?? code;
const kinds = (byKind: Record<string, number>) => Object.entries(byKind).map(([k, n]) => [`   ${label(k)}`, String(n)]);

/** The yearly activity report a facilitator organisation sends its funders, in French. */
export function activityReportPdf(r: ActivityReport, organisationName: string): Promise<Buffer> {
  const pdf = frenchPdf({ Title: `Rapport d'activité ${r.year} — ${organisationName}`, Author: organisationName });
  pdf.title(`Rapport d'activité ${r.year}`, `Facilitateur des clauses sociales : ${organisationName}`);

  pdf.heading('Axe 1 — Accompagnement des maîtres d\'ouvrage');
  const b = r.buyersSupported.byLevel;
  pdf.table(['Indicateur', 'Nombre'], [
    ['Acheteurs accompagnés', String(r.buyersSupported.total)], ['   dont niveau 1 (lancement de la réflexion)', String(b['1'])],
    ['   dont niveau 2 (définition et formalisation)', String(b['2'])], ['   dont niveau 3 (phase opérationnelle)', String(b['3'])],
    ['Demandes reçues dans l\'année', String(r.cases.requested)], ['Demandes devenues marchés', String(r.cases.becameMarkets)],
    ['Demandes closes sans clause', String(r.cases.closedWithoutClause)], ['Demandes en cours au 31 décembre', String(r.cases.openAtYearEnd)],
    ['Actions auprès des acheteurs', String(r.actionsByAxis.buyerSupport.total)], ...kinds(r.actionsByAxis.buyerSupport.byKind),
  ], [380, 100]);

  pdf.heading('Clauses proposées et adoptées');
  pdf.table(['Indicateur', 'Valeur'], [
    ['Clauses proposées (lots)', String(r.clauses.proposed)], ['Clauses adoptées', String(r.clauses.adopted)], ['Clauses déclinées', String(r.clauses.declined)],
    ['Heures proposées', hours(r.funnel.hoursProposed)], ['Heures adoptées', hours(r.funnel.hoursAdopted)],
    ['Heures contractualisées', hours(r.funnel.hoursContracted)], ['Heures réalisées à ce jour', hours(r.funnel.hoursDone)],
  ], [380, 100]);

  pdf.heading('Axe 2 — Appui aux entreprises');
  pdf.table(['Indicateur', 'Nombre'], [
    ['Entreprises accompagnées', String(r.actionsByAxis.companySupport.companiesSupported)],
    ['Actions d\'appui aux entreprises', String(r.actionsByAxis.companySupport.total)], ...kinds(r.actionsByAxis.companySupport.byKind),
    ['Réunions de lancement', String(r.meetings.launchMeetings)],
  ], [380, 100]);

  pdf.heading('Axe 4 — Promotion de la clause sociale');
  pdf.table(['Indicateur', 'Nombre'], [
    ['Actions de promotion', String(r.actionsByAxis.promotion.total)], ...kinds(r.actionsByAxis.promotion.byKind),
    ['Participants', String(r.meetings.attendees)],
    ...Object.entries(r.meetings.attendeesByKind).map(([k, n]) => [`   ${ATTENDEE_LABELS[k] ?? k}`, String(n)]),
  ], [380, 100]);

  pdf.doc.moveDown();
  pdf.note('Chaque chiffre est recalculable à partir du journal des événements ; les heures sont additionnées au centième d\'heure. Les heures réalisées sont celles des marchés issus des demandes de l\'année, à la date du rapport. Aucune donnée nominative n\'y figure.');
  return pdf.end();
}
