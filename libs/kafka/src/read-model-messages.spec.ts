import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { SupportCaseDoc } from '@clause-ledger/projections';
import { toMessage } from './read-model-messages';

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const validSupportCase = ajv.compile(JSON.parse(readFileSync(join(__dirname, '../schemas/support-cases.v1.schema.json'), 'utf8')));

const doc: SupportCaseDoc = {
  caseId: 'c1', requestEventId: 'e1', facilitatorOrganisationId: 'cd50', facilitatorOrganisation: 'Département de la Manche', buyer: { name: 'Commune de Saint-Lô', kind: 'COMMUNE' },
  project: { title: 'Place du marché', territory: 'Saint-Lô (50)', department: '50', marketKind: 'WORKS', estimatedAmountCents: 180_000_000, expectedPublication: '2026-03' },
  channel: 'PHONE', requestedOn: '2026-01-12', level: 2, levels: [{ level: 2, agreedOn: '2026-01-12' }],
  lots: { 'lot-1': { lotId: 'lot-1', title: 'VRD', estimatedAmountCents: 120_000_000, adopted: true, answer: { answeredOn: '2026-02-20' },
    proposal: { clauseTypes: ['EXECUTION'], targetHours: 1050, proposedOn: '2026-02-10', computation: { mode: 'FIXED', hours: 1050, basis: 'WHOLE_MARKET' } } } },
  actions: [{ actionId: 'a1', kind: 'FIRST_CONTACT', date: '2026-01-12', channel: 'PHONE', participants: [{ kind: 'BUYER', label: 'Mme Martin, service marchés' }], summary: 'appel de Mme Martin' }],
  documents: [], nextAction: { date: '2026-02-02', summary: 'rappeler Mme Martin' }, lastActionOn: '2026-01-12', marketId: null, linkedOn: null, closed: null,
};

describe('support cases on Kafka', () => {
  it('publishes a case keyed by its id, valid against its schema', () => {
    const message = toMessage({ seq: 1, projection: 'support-cases', key: 'case:c1', doc, position: '12/12' }, 'test')!;
    expect(message).toMatchObject({ topic: 'test.support-cases.v1', key: 'c1', messageId: 'support-cases:case:c1:12/12' });
    expect(validSupportCase(message.value) || validSupportCase.errors).toBe(true);
    expect(message.value).toMatchObject({ stage: 'ADOPTED', level: 2, nextActionOn: '2026-02-02', lots: [{ lotId: 'lot-1', proposedHours: 1050, adopted: true }] });
  });
  it('leaves out free text and contact names (summaries, participants, plans)', () => {
    const json = JSON.stringify(toMessage({ seq: 1, projection: 'support-cases', key: 'case:c1', doc, position: '12/12' }, 'test'));
    expect(json).not.toContain('Martin');
  });
  it('publishes a deleted case as a tombstone, and nothing for the facilitator activity documents', () => {
    expect(toMessage({ seq: 1, projection: 'support-cases', key: 'case:c1', doc: undefined, position: '12/12' }, 'test')!.value).toBeNull();
    expect(toMessage({ seq: 1, projection: 'support-cases', key: 'activity:x', doc: {}, position: '12/12' }, 'test')).toBeUndefined();
  });
});
