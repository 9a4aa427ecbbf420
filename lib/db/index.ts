export type { Database, Queryable } from './Database.ts';
export { createDatabase, pgliteDirIn, type DatabaseOptions } from './createDatabase.ts';
export { migrate, type Migration } from './migrate.ts';
