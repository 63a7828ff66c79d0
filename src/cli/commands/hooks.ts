import { defineCommand } from '../command.js';

const targets = 'claude-code, cursor, pre-commit or pre-push';

const installOptions = {
  command: {
    flags: '--command <baton>',
    type: 'string',
    description: "how the hook starts Baton (default: the project's node_modules/.bin/baton, else baton)",
  },
  force: {
    flags: '--force',
    type: 'boolean',
    description: "replace a git hook that is not Baton's",
  },
} as const;

export const hooksInstallCommand = defineCommand({
  name: 'hooks install',
  description:
    "make an agent verify before it says done: writes the agent's hook config (claude-code, cursor) or a git hook (pre-commit, pre-push)",
  arguments: [{ name: 'agent', description: targets, required: true }],
  options: installOptions,
  async run({ args, io, options }) {
    const { installHook, parseHookTarget } = await import('../../server/index.js');
    const target = parseHookTarget(args[0] as string | undefined);
    const installed = installHook({ target, cwd: io.cwd, baton: options.command, force: options.force });
    io.stdout.write(
      `${installed.replacing ? 'Updated' : 'Installed'} Baton's ${target} hook in ${installed.shownPath}.\n${
        target === 'pre-commit' || target === 'pre-push'
          ? `Each ${target.slice(4)} now runs \`baton verify\` on what changed; --no-verify skips it once.\n`
          : 'The agent now runs `baton verify --changed HEAD` before it stops, and is held back while blocking findings remain.\n'
      }`,
    );
    return 0;
  },
});

export const hooksPrintCommand = defineCommand({
  name: 'hooks print',
  description: 'print the hook configuration `baton hooks install` would add, to paste by hand',
  arguments: [{ name: 'agent', description: targets, required: true }],
  options: { command: installOptions.command },
  async run({ args, io, options }) {
    const { planHookInstall, parseHookTarget } = await import('../../server/index.js');
    const target = parseHookTarget(args[0] as string | undefined);
    const plan = planHookInstall({ target, cwd: io.cwd, baton: options.command, force: true });
    io.stderr.write(`# for ${plan.file}\n`);
    io.stdout.write(plan.snippet);
    return 0;
  },
});

export const hooksRunCommand = defineCommand({
  name: 'hooks run',
  description:
    "answer an agent's hook: reads its event on stdin, verifies what changed, and blocks the stop with the findings",
  arguments: [{ name: 'agent', description: 'claude-code or cursor', required: true }],
  async run({ args, io }) {
    const { parseHookAgent, runAgentHook } = await import('../../server/index.js');
    const agent = parseHookAgent(args[0] as string | undefined);
    const chunks: Buffer[] = [];
    // The agent writes the event and closes standard input; a terminal gets nothing to read.
    if (!process.stdin.isTTY) for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const answer = await runAgentHook({
      agent,
      stdin: Buffer.concat(chunks).toString('utf8'),
      cwd: io.cwd,
      env: io.env,
    });
    io.stdout.write(answer.stdout);
    io.stderr.write(answer.stderr);
    return answer.exitCode;
  },
});
