import { gzipSync, gunzipSync } from 'node:zlib';
import { BadgeRecipient } from '@clause-ledger/domain';

/** W3C Bitstring Status List: at least 16 KiB (131,072 entries), so a list says little about who is in it. */
export const STATUS_LIST_BITS = 131_072;

export interface BadgeContext {
  readonly baseUrl: string;
  readonly badgeId: string;
  readonly issuerName: string;
  readonly recipient: BadgeRecipient;
  readonly market: { marketId: string; title: string; buyerName: string };
  readonly figures: { targetHours: number; hoursDone: number };
  readonly awardedOn: string;
  readonly statusListIndex: number;
}

/** An Open Badges 3.0 OpenBadgeCredential (W3C VC 2.0) for a successfully executed clause. */
export function openBadgeCredential(c: BadgeContext) {
  const subjectName = c.recipient.type === 'BUYER' ? c.recipient.name : `${c.recipient.name} (SIRET ${c.recipient.companyId})`;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${c.baseUrl}/badges/${c.badgeId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: `${c.baseUrl}/issuer`, type: ['Profile'], name: c.issuerName },
    validFrom: `${c.awardedOn}T00:00:00Z`,
    name: 'Expérience réussie — clause sociale',
    credentialSubject: {
      type: ['AchievementSubject'],
      name: subjectName,
      achievement: {
        id: `${c.baseUrl}/achievements/experience-reussie`,
        type: ['Achievement'],
        achievementType: 'Badge',
        name: 'Expérience réussie',
        description: 'Reconnaît la bonne réalisation de la clause sociale d\'insertion d\'un marché public.',
        criteria: { narrative: 'Le marché est clos, son bilan émis, et les heures d\'insertion réalisées atteignent l\'objectif de chaque lot.' },
      },
      result: [{ type: ['Result'], value: `${c.figures.hoursDone} h réalisées pour un objectif de ${c.figures.targetHours} h` }],
      narrative: `${c.recipient.type === 'BUYER' ? 'Maître d\'ouvrage' : 'Entreprise titulaire'} du marché « ${c.market.title} » (${c.market.buyerName}).`,
    },
    credentialStatus: {
      id: `${c.baseUrl}/badges/status-list#${c.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.statusListIndex),
      statusListCredential: `${c.baseUrl}/badges/status-list`,
    },
  };
}

/** The revocation list: bit i set = badge with statusListIndex i revoked; gzip, base64url, multibase "u". */
export function encodeStatusList(revoked: readonly number[]): string {
  const bits = Buffer.alloc(STATUS_LIST_BITS / 8);
  for (const i of revoked) bits[i >> 3] |= 0x80 >> (i & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function isRevokedIn(encodedList: string, index: number): boolean {
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

export function statusListCredential(baseUrl: string, issuerName: string, encodedList: string, validFrom: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `${baseUrl}/badges/status-list`,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: `${baseUrl}/issuer`, name: issuerName },
    validFrom,
    credentialSubject: { id: `${baseUrl}/badges/status-list#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
}
