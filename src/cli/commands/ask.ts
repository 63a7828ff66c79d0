import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

export const askCommand = defineCommand({
  name: 'ask',
  activity: 'prompting',
  description:
    'send one prompt to a provider (openai:<model>, manual, replay:<cassette>…) and print the answer',
  arguments: [
    {
      name: 'provider',
      description: 'provider id, such as openai:gpt-5, compatible:vllm, manual or replay:demo',
      required: true,
    },
    { name: 'prompt', description: 'the prompt text (or use --prompt-file)', variadic: true },
  ],
  options: {
    promptFile: { flags: '--prompt-file <file>', type: 'string', description: 'read the prompt from a file' },
    system: { flags: '--system <text>', type: 'string', description: 'a system message' },
    record: {
      flags: '--record <cassette>',
      type: 'string',
      description: 'record the answer into a cassette for replay:<cassette>',
    },
    stream: { flags: '--stream', type: 'boolean', description: 'print the answer as it arrives' },
    json: {
      flags: '--json',
      type: 'boolean',
      description: 'print the answer, usage and finish reason as JSON',
    },
  },
  async run({ args, io, options, loadConfig }) {
    const [first, rest] = args;
    const words = Array.isArray(rest) ? rest : [];
    const config = await loadConfig();
    // Without a kind prefix, the first word is prompt text when a default provider is configured.
    const named = typeof first === 'string' && (first.includes(':') || first === 'manual');
    const providerId = named ? first : config.providers.default;
    const inline = (named ? words : [first, ...words]).filter((word) => typeof word === 'string').join(' ');
    const prompt = options.promptFile ? readFileSync(resolve(io.cwd, options.promptFile), 'utf8') : inline;
    if (providerId === undefined) {
      throw new BatonError({
        code: 'PROVIDER_UNKNOWN',
        message: `"${String(first)}" is not a provider id, and no providers.default is configured.`,
        hint: 'Start with a provider id such as openai:gpt-5, manual or replay:demo, or set providers.default.',
      });
    }
    if (prompt.trim() === '') {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: 'Nothing to ask: give the prompt as words after the provider id, or with --prompt-file.',
        hint: 'Example: baton ask replay:demo "Write add(a, b)."',
      });
    }
    const [{ openLedger }, { createProvidersFromConfig }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../providers/setup.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const { registry } = createProvidersFromConfig(config, {
        ledger,
        env: io.env,
        log: (line) => io.stderr.write(line),
        manual: { output: io.stderr },
      });
      const provider = registry.resolve(providerId, { record: options.record });
      const controller = new AbortController();
      const onInterrupt = () => controller.abort(new Error('interrupted'));
      process.once('SIGINT', onInterrupt);
      try {
        const result = await provider.generate({
          system: options.system,
          messages: [{ role: 'user', content: prompt }],
          signal: controller.signal,
          onTextDelta: options.stream && !options.json ? (delta) => io.stdout.write(delta) : undefined,
        });
        if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (options.stream) io.stdout.write('\n');
        else io.stdout.write(`${result.text}\n`);
      } finally {
        process.off('SIGINT', onInterrupt);
      }
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
