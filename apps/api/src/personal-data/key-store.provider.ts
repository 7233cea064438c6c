import { join } from 'node:path';
import { Inject, OnApplicationShutdown, Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { EmbeddedKeyStore } from './embedded-key-store';
import { PERSONAL_DATA_KEY_STORE, PersonalDataKeyStore } from './key-store';

/**
 * The embedded key file under DATA_DIR. To plug a KMS or Vault: implement PersonalDataKeyStore
 * (keyFor = create-if-absent under the subject id, destroy = delete the key version), add its name
 * to PERSONAL_DATA_KEY_STORE in the configuration and return it here.
 */
export const personalDataKeyStoreProvider: Provider = {
  provide: PERSONAL_DATA_KEY_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): PersonalDataKeyStore => EmbeddedKeyStore.open(join(config.dataDir, 'personal-data-keys.db')),
};

export class PersonalDataKeyStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PERSONAL_DATA_KEY_STORE) private readonly keys: PersonalDataKeyStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
