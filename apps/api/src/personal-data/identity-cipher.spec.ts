import { randomBytes } from 'node:crypto';
import { identityFingerprint, openIdentity, sealIdentity } from './identity-cipher';

const key = { kid: 'k-1', key: randomBytes(32) };
const amina = { firstName: 'Amina', lastName: 'Diallo', birthDate: '2003-04-12', postcode: '50100' };

describe('sealing an identity', () => {
  it('opens back to the identity with the same key', () => {
    expect(openIdentity('ben-1', sealIdentity('ben-1', amina, key), key)).toEqual(amina);
  });
  it('is plain JSON with the key id and no clear field', () => {
    const sealed = sealIdentity('ben-1', amina, key);
    expect([sealed.alg, sealed.kid, Buffer.from(sealed.iv, 'base64url').length, Buffer.from(sealed.tag, 'base64url').length]).toEqual(['A256GCM', 'k-1', 12, 16]);
    expect(JSON.stringify(sealed)).not.toMatch(/Amina|Diallo|2003|50100/i);
  });
  it('never gives the same ciphertext twice (fresh iv)', () => {
    expect(sealIdentity('ben-1', amina, key).ciphertext).not.toEqual(sealIdentity('ben-1', amina, key).ciphertext);
  });
  it('refuses a ciphertext moved to another person or altered', () => {
    const sealed = sealIdentity('ben-1', amina, key);
    expect(() => openIdentity('ben-2', sealed, key)).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => openIdentity('ben-1', { ...sealed, ciphertext: flipped.toString('base64url') }, key)).toThrow();
  });
  it('cannot be opened with another key', () => {
    expect(() => openIdentity('ben-1', sealIdentity('ben-1', amina, key), { kid: 'k-1', key: randomBytes(32) })).toThrow();
  });
  it('fingerprints the same identity the same way under one key, differently under another', () => {
    expect(identityFingerprint(amina, key)).toEqual(identityFingerprint({ ...amina }, key));
    expect(identityFingerprint(amina, key)).not.toEqual(identityFingerprint({ ...amina, lastName: 'Diallo-Ba' }, key));
    expect(identityFingerprint(amina, key)).not.toEqual(identityFingerprint(amina, { kid: 'k-2', key: randomBytes(32) }));
  });
});
