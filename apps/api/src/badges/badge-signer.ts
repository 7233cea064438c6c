import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { JWK, KeyLike, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, JWTPayload } from 'jose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';

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
      const dir = join(this.config.dataDir, 'keys');
      const file = join(dir, 'badge-signing-key.json');
      let privateJwk: JWK;
      if (existsSync(file)) {
        privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      } else {
        const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
        privateJwk = await exportJWK(privateKey);
        privateJwk.kid = await calculateJwkThumbprint(privateJwk);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
      }
      const { d: _d, ...publicJwk } = privateJwk;
      return { privateKey: await importJWK(privateJwk, ALG), publicKey: await importJWK(publicJwk, ALG), publicJwk: { ...publicJwk, alg: ALG, use: 'sig' } };
    })();
    return this.keys;
  }
}
