import { FTE_HOURS, percentOf } from '@clause-ledger/domain';
import { Figure, MarketBilan, frenchDate } from '@clause-ledger/projections';
import { euros, fr, frenchPdf, hours, pct } from '../reports/french-pdf';

const CONTRACT_LABELS: Record<string, string> = {
  PERMANENT: 'CDI', FIXED_TERM: 'CDD', FIXED_TERM_I: 'CDDI', APPRENTICESHIP: 'Contrat d\'apprentissage',
  PROFESSIONAL_TRAINING: 'Contrat de professionnalisation', TEMPORARY: 'Intérim', OTHER: 'Autre',
};
const MODALITY_LABELS: Record<string, string> = {
  DIRECT_HIRE: 'Embauche directe', ETTI: 'Mise à disposition (ETTI)', AI: 'Mise à disposition (AI)', GEIQ: 'GEIQ', ETT: 'Intérim (ETT)',
  SIAE_SUBCONTRACT: 'Sous-traitance SIAE', SIAE_COCONTRACT: 'Co-traitance SIAE', DISABILITY_SUBCONTRACT: 'Sous-traitance EA/ESAT', TRAINING: 'Formation',
};
const KIND_LABELS: Record<string, string> = { WORKS: 'travaux', SERVICES: 'services', SUPPLIES: 'fournitures', INTELLECTUAL_SERVICES: 'prestations intellectuelles' };

/** The bilan as a French PDF a facilitator can send to the buyer. */
export function bilanPdf(bilan: MarketBilan): Promise<Buffer> {
  const { doc, heading, line, table, end } = frenchPdf({ Title: `Bilan de la clause sociale — ${bilan.market.title}`, Author: bilan.market.facilitatorOrganisation });
  const count = (f: Figure, of: number) => `${f.value}${of ? ` (${pct(percentOf(f.value, of))})` : ''}`;

  doc.font('Helvetica-Bold').fontSize(18).fillColor('#1f3a5f').text('Bilan de la clause sociale', { align: 'left' });
  doc.fontSize(10).font('Helvetica').fillColor('#555555')
    .text(bilan.status === 'FINAL' ? `Bilan final — marché clos le ${frenchDate(bilan.closure!.closedOn)}` : 'Bilan intermédiaire — marché en cours d\'exécution')
    .fillColor('black').moveDown();
  line('Marché', `${bilan.market.title}${bilan.market.reference ? ` (${bilan.market.reference})` : ''}`);
  line('Maître d\'ouvrage', bilan.market.buyer.name);
  line('Nature', KIND_LABELS[bilan.market.kind] ?? bilan.market.kind);
  line('Territoire', bilan.market.territory);
  line('Période d\'exécution', `du ${frenchDate(bilan.market.executionStart)} au ${frenchDate(bilan.market.executionEnd)}`);
  line('Facilitateur', bilan.market.facilitatorOrganisation);

  heading('Heures d\'insertion : objectif et réalisation');
  table(
    ['Lot', 'Objectif', 'Réalisé', 'Taux', 'ETP', 'Manquant', bilan.status === 'FINAL' ? 'Pénalités' : 'Pénalités si clos'],
    [
      ...bilan.lots.map((l) => [`${l.lotId} ${l.title}${l.company?.name ? ` — ${l.company.name}` : ''}`, hours(l.target.value), hours(l.hoursDone.value), pct(l.completionPercent), fr(l.fte), hours(l.missingHours), euros(l.penaltyCents)]),
      ['Total', hours(bilan.totals.targetHours.value), hours(bilan.totals.hoursDone.value), pct(bilan.totals.completionPercent), fr(bilan.totals.fte), hours(bilan.totals.missingHours), euros(bilan.totals.penaltyCents)],
    ],
    [165, 60, 60, 45, 35, 60, 70],
  );
  for (const l of bilan.lots) {
    const c = l.target.computation;
    if (c?.mode === 'COMPUTED') {
      doc.fontSize(8).fillColor('#555555').text(`${l.lotId} : objectif = ${euros(c.estimatedAmountCents)} HT × ${fr(c.labourSharePercent)} % de main-d'œuvre × ${fr(c.insertionRatePercent)} % d'insertion ÷ ${euros(c.hourlyCostCents)}/h, arrondi à l'heure.`);
    } else if (c?.mode === 'FIXED') {
      doc.fontSize(8).fillColor('#555555').text(`${l.lotId} : objectif fixé à ${hours(c.hours)}.`);
    }
  }
  doc.fontSize(8).fillColor('#555555').text(`ETP calculés sur ${fr(FTE_HOURS, 0)} heures par an (durée légale annuelle).`).fillColor('black').fontSize(10);

  const b = bilan.beneficiaries;
  const n = b.beneficiaries.value;
  heading('Bénéficiaires');
  table(['Indicateur', 'Nombre'], [
    ['Bénéficiaires', String(n)], ['Femmes', count(b.women, n)], ['Hommes', count(b.men, n)], ['Moins de 26 ans', count(b.under26, n)],
    ['26 à 49 ans', count(b.from26to49, n)], ['50 ans et plus', count(b.from50, n)], ['Bénéficiaires du RSA', count(b.rsa, n)],
    ['Travailleurs handicapés (RQTH)', count(b.rqth, n)], ['Résidents QPV', count(b.qpv, n)], ['Sans qualification (infra niveau 3)', count(b.withoutQualification, n)],
  ], [300, 100]);

  heading('Contrats et modalités');
  table(['Type de contrat', 'Contrats', 'Heures'], Object.entries(bilan.contractTypes).map(([k, v]) => [CONTRACT_LABELS[k] ?? k, String(v.placements.value), hours(v.hours.value)]), [250, 70, 80]);
  doc.moveDown(0.5);
  table(['Modalité', 'Contrats', 'Heures'], Object.entries(bilan.modalities).map(([k, v]) => [MODALITY_LABELS[k] ?? k, String(v.placements.value), hours(v.hours.value)]), [250, 70, 80]);

  heading('Sorties à 6 et 12 mois');
  const exits = (e: MarketBilan['exits']['sixMonths']) => [String(e.recorded.value), String(e.durableEmployment.value), String(e.transitionEmployment.value), String(e.positiveExit.value), String(e.dynamicExits.value), String(e.otherExits.value)];
  table(['Suivi', 'Renseignés', 'Emploi durable', 'Transition', 'Sortie positive', 'Dynamiques', 'Autres'],
    [['À 6 mois', ...exits(bilan.exits.sixMonths)], ['À 12 mois', ...exits(bilan.exits.twelveMonths)]], [75, 65, 75, 60, 75, 70, 55]);

  heading('Appréciation qualitative');
  if (bilan.closure) {
    const q = bilan.closure.qualitative;
    doc.text(q.summary).moveDown(0.3);
    if (q.difficulties) line('Difficultés rencontrées', q.difficulties);
    if (q.perspectives) line('Perspectives', q.perspectives);
    if (bilan.closure.earlyClosureReason) line('Clôture anticipée', bilan.closure.earlyClosureReason);
    doc.moveDown(0.3).fillColor('#555555').text(`Rédigé par ${q.writtenBy}.`).fillColor('black');
  } else {
    doc.text('À rédiger à la clôture du marché.');
  }
  doc.moveDown().fontSize(8).fillColor('#555555').text('Chaque chiffre de ce bilan est recalculable à partir du journal des événements du marché ; l\'export CSV indique, pour chaque chiffre, les événements dont il résulte. Aucune donnée nominative n\'y figure.');
  return end();
}
