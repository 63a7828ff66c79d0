// Provider overhead per call: Baton's provider stack (AI SDK, retries, rate limiter, timeout,
// observers, optionally the ledger recorder) against a raw `fetch` of the same request to the same
// local fake server, measured in the same run, so the server's own time cancels out.
// Run with `npm run bench:providers` (it builds first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import { openSqliteLedger } from '../../dist/ledger/sqlite-store.js';
import { createLedgerRecorder } from '../../dist/providers/ledger-recorder.js';
import { createRedactor } from '../../dist/providers/redact.js';
import { createProviderRegistry } from '../../dist/providers/registry.js';
import { fakeResponses, startFakeOpenAIServer } from '../../dist/testing/index.js';

const calls = Number(process.env.BENCH_CALLS ?? 2_000);
const warmup = 200;
const rounds = 20;
const answer = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const messages = [
  { role: 'system', content: 'You write TypeScript.' },
  { role: 'user', content: 'Write add(a, b) that returns the sum of two numbers.' },
];

const server = await startFakeOpenAIServer({ respond: () => fakeResponses.reply(answer) });

async function rawFetch() {
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', messages }),
  });
  const body = await response.json();
  if (body.choices[0].message.content !== answer) throw new Error('unexpected answer');
}

/** Median of the per-call times of each round; rounds interleave the variants so machine load hits all alike. */
async function measureInterleaved(variants) {
  for (const { call } of variants) for (let index = 0; index < warmup; index++) await call();
  const perRound = variants.map(() => []);
  const callsPerRound = Math.max(1, Math.floor(calls / rounds));
  for (let round = 0; round < rounds; round++) {
    for (const [position, { call }] of variants.entries()) {
      const started = process.hrtime.bigint();
      for (let index = 0; index < callsPerRound; index++) await call();
      perRound[position].push(Number(process.hrtime.bigint() - started) / 1e3 / callsPerRound);
    }
  }
  return variants.map(({ label }, position) => {
    const sorted = perRound[position].sort((left, right) => left - right);
    return { label, microseconds: sorted[Math.floor(sorted.length / 2)] };
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-providers-'));
const ledger = await openSqliteLedger({ path: join(dataDir, 'ledger.db') });
const settings = {
  compatible: {
    bench: {
      baseURL: server.baseURL,
      model: 'bench-model',
      limits: { concurrency: 4, requestsPerMinute: 1e9 },
    },
  },
  prices: { 'bench-model': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
};
const plain = createProviderRegistry({ settings, root: dataDir, dataDir, env: {} }).resolve(
  'compatible:bench',
);
const recorded = createProviderRegistry({
  settings,
  root: dataDir,
  dataDir,
  env: {},
  observers: [
    createLedgerRecorder({
      ledger,
      redactor: createRedactor({ secrets: ['sk-bench-secret-value'] }),
      prices: settings.prices,
    }),
  ],
}).resolve('compatible:bench');

const request = { system: messages[0].content, messages: [messages[1]] };
const sdkModel = createOpenAICompatible({
  name: 'bench',
  baseURL: server.baseURL,
  includeUsage: true,
}).chatModel('bench-model');
const results = await measureInterleaved([
  { label: 'raw fetch (baseline)', call: rawFetch },
  {
    // The SDK alone, as Baton calls it, to split Baton's own cost from the SDK's.
    label: 'AI SDK generateText, no Baton',
    call: async () => {
      const result = await generateText({
        model: sdkModel,
        system: request.system,
        messages: request.messages,
        maxRetries: 0,
      });
      if (result.text !== answer) throw new Error('unexpected answer');
    },
  },
  {
    label: 'Baton provider',
    call: async () => {
      if ((await plain.generate(request)).text !== answer) throw new Error('unexpected answer');
    },
  },
  {
    label: 'Baton provider, streaming',
    call: async () => {
      if ((await plain.generate({ ...request, onTextDelta: () => {} })).text !== answer)
        throw new Error('unexpected answer');
    },
  },
  {
    label: 'Baton provider + ledger (SQLite)',
    call: async () => {
      if ((await recorded.generate(request)).text !== answer) throw new Error('unexpected answer');
    },
  },
]);

const baseline = results[0].microseconds;
console.log(
  `Provider overhead over a local fake server: ${calls} sequential calls per variant in ${rounds} interleaved rounds; median round (after ${warmup} warm-up calls)
`,
);
console.log('variant                              µs/call   overhead µs/call   ratio to raw fetch');
for (const { label, microseconds } of results) {
  console.log(
    `${label.padEnd(36)} ${microseconds.toFixed(0).padStart(7)}   ${(microseconds - baseline).toFixed(0).padStart(16)}   ${(microseconds / baseline).toFixed(2).padStart(18)}`,
  );
}
const rows = (await ledger.counts()).costs;
const expected = warmup + rounds * Math.max(1, Math.floor(calls / rounds));
console.log(`\nledger rows written by the recorded variant: ${rows} costs (expected ${expected})`);

await ledger.close();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
