// The ledger's one door to Kysely. The build replaces this module's output with Kysely bundled
// into a single file (scripts/bundle-kysely.mjs): loading its 260 modules one by one took a
// command about 120 ms before it could write to the ledger (docs/decisions/0004).
export * from 'kysely';
