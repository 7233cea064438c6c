import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ActorRef, Beneficiary, BeneficiaryIdentity, BeneficiaryIdentityRecorded, IdentityRead, IdentityReadPurpose, SealedIdentity,
  beneficiaryErased, beneficiaryIdentityStreamId, conflict, identityAccessStreamId, recordIdentityRead,
} from '@clause-ledger/domain';
import { EventStore, StreamNotFoundError } from '@clause-ledger/event-store';
import { Clock } from '../infrastructure/clock';
import { EVENT_STORE } from '../infrastructure/tokens';
import { identityFingerprint, openIdentity, sealIdentity } from './identity-cipher';
import { KeyDestroyedError, PERSONAL_DATA_KEY_STORE, PersonalDataKey, PersonalDataKeyStore } from './key-store';

/** The one place a beneficiary's identity is sealed, opened (logged when shown) and shredded. */
@Injectable()
export class BeneficiaryIdentities {
  constructor(
    @Inject(PERSONAL_DATA_KEY_STORE) private readonly keys: PersonalDataKeyStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async seal(beneficiaryId: string, identity: BeneficiaryIdentity): Promise<SealedIdentity> {
    return sealIdentity(beneficiaryId, identity, await this.keyFor(beneficiaryId));
  }

  async fingerprint(beneficiaryId: string, identity: BeneficiaryIdentity): Promise<string> {
    return identityFingerprint(identity, await this.keyFor(beneficiaryId));
  }

  /** For a decision that needs it (the exact age): not shown to anyone, so not logged. */
  async open(beneficiary: Beneficiary): Promise<BeneficiaryIdentity> {
    const { beneficiaryId, identity, erased } = beneficiary;
    if (erased) throw beneficiaryErased(beneficiaryId, erased.erasedOn);
    if (identity.alg === 'LEGACY_V1') return { ...(await this.legacyNames(beneficiaryId)), birthDate: identity.birthDate, postcode: identity.postcode };
    const key = await this.keys.find(beneficiaryId, identity.kid);
    // a key destroyed by an erasure whose event is not appended yet: erased all the same
    if (!key) throw beneficiaryErased(beneficiaryId, 'an unrecorded date (erasure in progress)');
    return openIdentity(beneficiaryId, identity, key);
  }

  /** Shows the identity to someone: the read is appended to identity-access-<id> before it is returned. */
  async read(beneficiary: Beneficiary, readBy: ActorRef, purpose: IdentityReadPurpose, route: string): Promise<BeneficiaryIdentity> {
    const identity = await this.open(beneficiary);
    const [logged] = recordIdentityRead({ beneficiaryId: beneficiary.beneficiaryId, readAt: this.clock.now(), readBy, purpose, route });
    await this.store.appendToStream(identityAccessStreamId(beneficiary.beneficiaryId), [
      { id: randomUUID(), type: logged.type, data: logged.data, metadata: { schemaVersion: logged.version, commandType: 'RecordIdentityRead' } },
    ], { expectedRevision: 'any' });
    return identity;
  }

  async reads(beneficiaryId: string): Promise<IdentityRead['data'][]> {
    return (await this.readStream(identityAccessStreamId(beneficiaryId))).map((e) => e.data as IdentityRead['data']);
  }

  async destroy(beneficiaryId: string): Promise<void> {
    await this.keys.destroy(beneficiaryId);
  }

  private async keyFor(beneficiaryId: string): Promise<PersonalDataKey> {
    try {
      return await this.keys.keyFor(beneficiaryId);
    } catch (error) {
      if (error instanceof KeyDestroyedError) throw conflict('BENEFICIARY_ALREADY_REGISTERED', `beneficiary ${beneficiaryId} was registered and erased; use a new id`, 'beneficiaryId');
      throw error;
    }
  }

  private async legacyNames(beneficiaryId: string): Promise<{ firstName: string; lastName: string }> {
    const [recorded] = await this.readStream(beneficiaryIdentityStreamId(beneficiaryId));
    const names = recorded?.data as BeneficiaryIdentityRecorded['data'] | undefined;
    return { firstName: names?.firstName ?? '', lastName: names?.lastName ?? '' };
  }

  private async readStream(streamId: string) {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
