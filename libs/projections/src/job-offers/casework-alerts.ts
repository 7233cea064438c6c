import { addDays, daysBetween } from '@clause-ledger/domain';

/** Document `watch`: what the facilitator's casework alerts are evaluated on, with the clock's day. */
export interface CaseworkWatchDoc {
  readonly today: string | null;
  readonly openOffers: Readonly<Record<string, { readonly marketId: string; readonly jobTitle: string; readonly publishedOn: string; readonly expiresOn: string; readonly candidates: number }>>;
  readonly activePlacements: Readonly<Record<string, { readonly marketId: string; readonly beneficiaryId: string; readonly startDate: string; readonly lastContactOn: string | null }>>;
}

export interface CaseworkAlertRules {
  /** An open offer with no candidate this many days after it was published. */
  readonly offerWithoutCandidateDays: number;
  /** An active placement with no follow-up contact (since its start) for this many weeks. */
  readonly placementWithoutContactWeeks: number;
}
export const DEFAULT_CASEWORK_ALERT_RULES: CaseworkAlertRules = Object.freeze({ offerWithoutCandidateDays: 15, placementWithoutContactWeeks: 6 });

export interface CaseworkAlert {
  readonly alertId: string;
  readonly rule: 'OFFER_WITHOUT_CANDIDATE' | 'PLACEMENT_WITHOUT_CONTACT';
  readonly marketId: string;
  readonly since: string;
  /** For the facilitator, in French. */
  readonly message: string;
}

const fr = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Evaluated on the clock's last tick (never the reader's clock), so a rebuild raises the same alerts. */
export function caseworkAlerts(doc: CaseworkWatchDoc | undefined, rules: CaseworkAlertRules): CaseworkAlert[] {
  if (!doc?.today) return [];
  const today = doc.today;
  const alerts: CaseworkAlert[] = [];
  for (const [offerId, o] of Object.entries(doc.openOffers)) {
    if (o.candidates === 0 && daysBetween(o.publishedOn, today) >= rules.offerWithoutCandidateDays) {
      alerts.push({
        alertId: `OFFER_WITHOUT_CANDIDATE:${offerId}`, rule: 'OFFER_WITHOUT_CANDIDATE', marketId: o.marketId, since: o.publishedOn,
        message: `L'offre « ${o.jobTitle} » est ouverte depuis ${daysBetween(o.publishedOn, today)} jours sans aucun candidat : relancer la diffusion auprès des partenaires.`,
      });
    }
  }
  const days = rules.placementWithoutContactWeeks * 7;
  for (const [placementId, p] of Object.entries(doc.activePlacements)) {
    const since = p.lastContactOn ?? p.startDate;
    if (since <= today && addDays(since, days) <= today) {
      alerts.push({
        alertId: `PLACEMENT_WITHOUT_CONTACT:${placementId}`, rule: 'PLACEMENT_WITHOUT_CONTACT', marketId: p.marketId, since,
        message: p.lastContactOn
          ? `Aucun contact de suivi depuis le ${fr(since)} pour le contrat ${placementId} (plus de ${rules.placementWithoutContactWeeks} semaines) : faire le point avec le salarié et son référent.`
          : `Aucun contact de suivi depuis le début du contrat ${placementId} le ${fr(since)} (plus de ${rules.placementWithoutContactWeeks} semaines) : faire le point avec le salarié et son référent.`,
      });
    }
  }
  return alerts.sort((a, b) => (a.alertId < b.alertId ? -1 : 1));
}

/**
 * The open offers whose expiry date has passed on `today`: an offer stays open through its expiry
 * date (the facilitator may still close it that day) and expires on the next tick after it.
 */
export function offersPastExpiry(doc: CaseworkWatchDoc, today: string): string[] {
  return Object.entries(doc.openOffers).filter(([, o]) => o.expiresOn < today).map(([offerId]) => offerId).sort();
}
