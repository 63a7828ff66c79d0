// Part of `npm run build`, after tsc: replaces dist/ledger/kysely.js, which tsc wrote as a plain
// re-export of the `kysely` package, with Kysely bundled into that one file. Node loads Kysely's
// 260 ES modules one at a time, which cost every command that writes to the ledger about 120 ms;
// one file loads in about 20 (docs/decisions/0004-kysely-bundled-into-dist.md).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('../', import.meta.url));
const output = `${root}dist/ledger/kysely.js`;

const bundle = await rolldown({
  input: `${root}src/ledger/kysely.ts`,
  platform: 'node',
  logLevel: 'warn',
});
try {
  await bundle.write({ file: output, format: 'esm', sourcemap: false });
} finally {
  await bundle.close();
}
// tsc's map describes the re-export, not the bundle.
rmSync(`${output}.map`, { force: true });
