import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLES, Role } from '../../api/src/auth/actor';
import { mintLocalToken } from '../../api/src/auth/local-issuer';
import { ID_PATTERN, ID_RULE } from '../../api/src/http/dto-rules';
import { loadConfig } from '../../api/src/config/app-config';

/** `token`: mints a bearer token with the embedded issuer's key (the one under DATA_DIR). */
export function tokenCommand(): Command {
  return new Command('token')
    .description('mint a bearer token for a role and organisation with the embedded issuer (key under DATA_DIR)')
    .addOption(new Option('--role <role>', 'the role the token grants').choices(ROLES).makeOptionMandatory())
    .requiredOption('--organisation <id>', 'the organisation id (e.g. mef-cotentin)', organisationId)
    .requiredOption('--user <id>', 'who signs in (e.g. c.lefevre)')
    .option('--ttl <span>', 'lifetime: 30m, 12h, 7d...', timeSpan, '12h')
    .action(async (options: { role: Role; organisation: string; user: string; ttl: string }) => {
      const config = loadConfig();
      if (!config.auth.localIssuer) throw new Error('the embedded issuer is off (AUTH_LOCAL_ISSUER=false): sign in with your OIDC provider instead');
      const token = await mintLocalToken(config.dataDir, { role: options.role, organisationId: options.organisation, userId: options.user, expiresIn: options.ttl });
      process.stdout.write(`${token}\n`);
    });
}

function organisationId(value: string): string {
  if (!ID_PATTERN.test(value)) throw new InvalidArgumentError(`the organisation id ${ID_RULE}`);
  return value;
}

function timeSpan(value: string): string {
  if (!/^\d+(m|h|d)$/.test(value)) throw new InvalidArgumentError('the lifetime must be minutes, hours or days such as 30m, 12h or 7d');
  return value;
}
