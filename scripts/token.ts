// `npm run --silent token -- <role> [subject] [--teams fostering,placements]`:
// prints a bearer token for the embedded default's API, valid for 8 hours (or
// AUTH_MAX_TOKEN_HOURS if less), signed with the local key pair. `--teams` is
// the token's `teams` claim: the teams whose cases a complaints officer or
// service manager reaches. `--councils` is its `council` claim: the councils
// whose cases it reaches (without it, the default council's).
import path from 'node:path';
import { ROLES, type Role } from '../api/auth/roles';
import { loadOrCreateLocalKeys, localKeysDir, localTokenHours, signLocalToken } from '../api/auth/local-keys';
import { loadConfig } from '../config/config';
import { councilIdProblem } from '../domain/council';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from './tools.mjs';

const args = process.argv.slice(2);
const teamsAt = args.indexOf('--teams');
const teams = teamsAt >= 0 ? (args.splice(teamsAt, 2)[1] ?? '').split(',').map((t) => t.trim()).filter(Boolean) : [];
const councilsAt = args.indexOf('--councils');
const councils = councilsAt >= 0 ? (args.splice(councilsAt, 2)[1] ?? '').split(',').map((t) => t.trim()).filter(Boolean) : [];
for (const council of councils) {
  const problem = councilIdProblem(council);
  if (problem) {
    console.error(`--councils: ${problem}`);
    process.exit(2);
  }
}
const [role, subject] = args;
if (!role || !ROLES.includes(role as Role)) {
  console.error(`usage: npm run --silent token -- <role> [subject] [--teams team1,team2] [--councils council1,council2]\nroles: ${ROLES.join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
if (config.AUTH_JWKS_URL) {
  console.error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from this command.');
  process.exit(2);
}
const dataDir = path.resolve(ROOT as string, config.DATA_DIR);
const keys = await loadOrCreateLocalKeys(dataDir);
process.stdout.write(`${await signLocalToken(keys, subject ?? `local-${role}`, [role as Role], localTokenHours(config), teams, councils)}\n`);
// On stderr, so TOKEN=$(npm run --silent token -- …) captures the token alone.
process.stderr.write(`signed with the key in ${localKeysDir(dataDir)}: the API accepts it when it runs with the same DATA_DIR\n`);
