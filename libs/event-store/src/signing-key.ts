import { JWK, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

/**
 * A new Ed25519 private key as a JWK whose `kid` is its thumbprint (RFC 7638): the kind of key
 * every signer here keeps (the embedded issuer's, the badges', the audit checkpoints').
 */
export async function newEd25519PrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  return jwk;
}
