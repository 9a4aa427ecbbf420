/**
 * `npm run audit:verify`: walks the gateway's audit chain and reports whether it is intact.
 * Exit code 0: intact; 1: broken (the first bad seq and the problem are printed); 2: the store
 * could not be read. With embedded PGlite (no DATABASE_URL), stop c360 first: a PGlite directory
 * opens in one process at a time.
 */
import { AuditStore } from '../lib/audit/index.ts';
import { loadConfig } from '../lib/config.ts';
import { createDatabase, pgliteDirIn } from '../lib/db/index.ts';

const config = loadConfig();
try {
  const db = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir), maxConnections: 1 });
  try {
    const store = new AuditStore(db);
    await store.migrate();
    const result = await store.verify();
    if (result.ok) {
      console.log(`audit: ${result.count} records, chain intact`);
    } else {
      console.log(`audit: chain broken at seq ${result.firstBadSeq} (${result.problem})`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
} catch (error) {
  // The driver's message only: it names the failure, and (unlike a stack) carries no data.
  console.error(`audit: could not verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
