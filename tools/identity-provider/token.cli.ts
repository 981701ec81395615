/**
 * `npm run -s token -- gp`: prints an access token for a demo user (gp, gp2, coordinator, quality,
 * lowthreshold, admin) or a demo system client (ehr) from the running development identity provider.
 * The token is the last line on stdout, so `TOKEN=$(npm run -s token -- gp)` works.
 */
import { fetchDemoToken } from './demo-token';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write('usage: npm run -s token -- <demo user or client, e.g. gp, coordinator, ehr>\n');
    process.exit(args.length === 1 ? 0 : 1);
  }
  const issuer = (process.env.OIDC_ISSUER || 'http://localhost:4000').replace(/\/$/, '');
  const token = await fetchDemoToken(issuer, args[0]);
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
