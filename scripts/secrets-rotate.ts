import { databaseUrls } from "../lib/db/database-urls";
import { addDevKeyVersion, loadKeyring } from "../lib/secrets/master-keys";
import { rotateSecrets } from "../lib/secrets/rotate-secrets";

/*
 * `npm run secrets:rotate`
 * - production: set FRONTDESK_MASTER_KEY/FRONTDESK_MASTER_KEY_VERSION to the new
 *   key and list the old one in FRONTDESK_PREVIOUS_MASTER_KEYS, then run this to
 *   re-encrypt every row; afterwards the old key can be removed.
 * - development (no FRONTDESK_MASTER_KEY): adds a new version to the dev key ring.
 */
const ring = process.env.FRONTDESK_MASTER_KEY ? loadKeyring() : addDevKeyVersion();
const result = await rotateSecrets(databaseUrls().migration, ring);
console.log(`key version ${ring.current}: ${result.reencrypted} re-encrypted, ${result.alreadyCurrent} already current`);
if (result.failed.length) {
  console.error(`${result.failed.length} secret(s) could not be decrypted and were left unchanged:`);
  for (const f of result.failed) console.error(`  tenant ${f.tenantId} ${f.provider}/${f.name}`);
  process.exitCode = 1;
}
