import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { aCandidateHired, aCandidatePreselected, aCandidateProposed, aJobOfferPublished } from '@clause-ledger/domain/testing/job-offer-fixtures';
import { foldProjection, recorded } from '@clause-ledger/projections/testing/fold';
import { jobOffersProjection } from '@clause-ledger/projections';
import { toMessage } from './read-model-messages';

const schema = JSON.parse(readFileSync(join(__dirname, '../schemas/job-offers.v1.schema.json'), 'utf8'));
const valid = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(schema);

describe('the job-offers.v1 topic', () => {
  const docs = foldProjection(jobOffersProjection, recorded([aJobOfferPublished(), aCandidateProposed(), aCandidatePreselected(), aCandidateHired()]));
  const message = toMessage({ seq: 1, projection: 'job-offers', key: 'offer:o-1', doc: docs.get('offer:o-1'), position: '3/3' }, 'test')!;

  it('carries the offer and its candidates per stage, valid against its schema', () => {
    expect(valid(message.value)).toBe(true);
    expect(valid.errors ?? []).toEqual([]);
    expect(message).toMatchObject({ topic: 'test.job-offers.v1', key: 'o-1', value: { offerId: 'o-1', romeCode: 'F1703', candidatesByStage: { HIRED: 1 } } });
  });

  it('carries no personal data: no candidate, no beneficiary id', () => {
    expect(JSON.stringify(message.value)).not.toMatch(/b-1|c-1|beneficiary|candidateId/);
  });

  it('publishes neither timelines nor the watch document', () => {
    expect(toMessage({ seq: 2, projection: 'job-offers', key: 'timeline:b-1', doc: docs.get('timeline:b-1'), position: '3/3' }, 'test')).toBeUndefined();
  });
});
