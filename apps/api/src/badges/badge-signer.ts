import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { JWK, KeyLike, SignJWT, importJWK, jwtVerify, JWTPayload } from 'jose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { newEd25519PrivateJwk, readOrCreateOwnerOnlyJson } from '@clause-ledger/event-store';

const ALG = 'EdDSA';

/**
 * The organisation's badge signing key (Ed25519), created on first use and kept under
 * DATA_DIR/keys with owner-only permissions. Its public half is published as a JWK set.
 */
@Injectable()
export class BadgeSigner {
  private keys?: Promise<{ privateKey: KeyLike | Uint8Array; publicKey: KeyLike | Uint8Array; publicJwk: JWK }>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async publicJwk(): Promise<JWK> {
    return (await this.load()).publicJwk;
  }

  async sign(payload: JWTPayload): Promise<string> {
    const { privateKey, publicJwk } = await this.load();
    return new SignJWT(payload).setProtectedHeader({ alg: ALG, kid: publicJwk.kid, typ: 'vc+jwt' }).sign(privateKey);
  }

  /** Throws when the signature or the token's shape is wrong. */
  async verify(jwt: string): Promise<JWTPayload> {
    const { publicKey } = await this.load();
    return (await jwtVerify(jwt, publicKey, { algorithms: [ALG] })).payload;
  }

  private load() {
    this.keys ??= (async () => {
      const privateJwk = await readOrCreateOwnerOnlyJson(join(this.config.dataDir, 'keys', 'badge-signing-key.json'), newEd25519PrivateJwk);
      const { d: _d, ...publicJwk } = privateJwk;
      return { privateKey: await importJWK(privateJwk, ALG), publicKey: await importJWK(publicJwk, ALG), publicJwk: { ...publicJwk, alg: ALG, use: 'sig' } };
    })();
    return this.keys;
  }
}
