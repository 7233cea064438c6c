import { Actor } from './actor';
import { companyVisibleTo, facilitatorOrganisationVisibleTo, marketVisibleTo } from './visibility';

const market = { facilitatorOrganisationId: 'mef', buyerOrganisationId: 'habitat', companyIds: ['73282932000074'] };
const actor = (role: Actor['role'], organisationId: string, extra: Partial<Actor> = {}): Actor => ({ userId: 'u', organisationId, role, ...extra });

describe('who sees a market', () => {
  it('its facilitator organisation, its buyer, the companies holding a lot, the auditors granted its facilitator', () => {
    expect(marketVisibleTo(actor('FACILITATOR', 'mef'), market)).toBe(true);
    expect(marketVisibleTo(actor('BUYER', 'habitat'), market)).toBe(true);
    expect(marketVisibleTo(actor('COMPANY', 'btp', { siret: '73282932000074' }), market)).toBe(true);
    expect(marketVisibleTo(actor('AUDITOR', 'crc', { auditedOrganisationIds: ['plie', 'mef'] }), market)).toBe(true);
  });

  it('nobody else, not even an admin or a role holding the right organisation id under another role', () => {
    expect(marketVisibleTo(actor('FACILITATOR', 'plie'), market)).toBe(false);
    expect(marketVisibleTo(actor('BUYER', 'mef'), market)).toBe(false);
    expect(marketVisibleTo(actor('COMPANY', 'btp'), market)).toBe(false);
    expect(marketVisibleTo(actor('AUDITOR', 'mef'), market)).toBe(false);
    expect(marketVisibleTo(actor('ADMIN', 'mef'), market)).toBe(false);
    expect(marketVisibleTo(actor('FACILITATOR', 'mef'), { companyIds: [] })).toBe(false);
  });

  it('records of a facilitator organisation go to its staff and its auditors; companies are public to both', () => {
    expect(facilitatorOrganisationVisibleTo(actor('FACILITATOR', 'mef'), 'mef')).toBe(true);
    expect(facilitatorOrganisationVisibleTo(actor('BUYER', 'mef'), 'mef')).toBe(false);
    expect(facilitatorOrganisationVisibleTo(actor('AUDITOR', 'crc', { auditedOrganisationIds: ['plie'] }), 'mef')).toBe(false);
    expect(companyVisibleTo(actor('AUDITOR', 'crc'), '44306184100047')).toBe(true);
    expect(companyVisibleTo(actor('COMPANY', 'btp', { siret: '73282932000074' }), '44306184100047')).toBe(false);
  });
});
