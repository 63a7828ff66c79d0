import { BatonError } from '../../core/errors.js';
import type { Activity } from '../../core/index.js';
import { createId, parseDuration, systemClock } from '../../core/index.js';
import type { DefectsTable } from '../../ledger/index.js';
import { activities } from '../../metrics/index.js';
import { defineCommand } from '../command.js';

const severities = [
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly DefectsTable['severity'][];

export const logCommand = defineCommand({
  name: 'log',
  description:
    'record work done outside Baton (`log reviewing 45m`) or a defect found later (`log defect "…"`)',
  arguments: [
    { name: 'what', description: `an activity (${activities.join(', ')}) or "defect"`, required: true },
    {
      name: 'amount',
      description: 'how long, for an activity (45m, 1h30m); the description, for a defect',
      required: true,
    },
  ],
  options: {
    component: { flags: '--component <id>', type: 'string', description: 'the plan component it was for' },
    feature: {
      flags: '--feature <name>',
      type: 'string',
      description: 'the feature of that component, when several plans share the id',
    },
    person: {
      flags: '--person <name>',
      type: 'string',
      description: 'who did it (default: `person` from config)',
    },
    severity: {
      flags: '--severity <level>',
      type: 'string',
      description: `for a defect: ${severities.join(', ')}`,
      default: 'medium',
      choices: severities,
    },
  },
  async run({ io, args, options, loadConfig }) {
    const [what = '', amount = ''] = args as string[];
    const isDefect = what === 'defect';
    if (!isDefect && !activities.includes(what as Activity)) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `"${what}" is not an activity Baton records.`,
        hint: `Use one of: ${activities.join(', ')}; or \`baton log defect "what went wrong"\`.`,
      });
    }
    const durationMs = isDefect ? 0 : parseDuration(amount);
    const config = await loadConfig();
    const person = options.person ?? config.person;
    const [{ openLedger }, { findComponentByKey }, { recordActivityInterval }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../ledger/index.js'),
      import('../../ledger/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const component = options.component
        ? await findComponentByKey(ledger, options.component, options.feature)
        : undefined;
      const now = systemClock.now();
      if (isDefect) {
        await ledger.insert('defects', [
          {
            id: createId('dfc'),
            componentId: component?.id ?? null,
            person,
            severity: options.severity,
            description: amount,
            foundAt: now.toISOString(),
          },
        ]);
        io.stdout.write(`Logged a ${options.severity} defect${component ? ` in ${component.key}` : ''}.\n`);
        return 0;
      }
      await recordActivityInterval(ledger, {
        person,
        activity: what as Activity,
        componentId: component?.id ?? null,
        startedAt: new Date(now.getTime() - durationMs).toISOString(),
        endedAt: now.toISOString(),
        source: 'logged',
      });
      io.stdout.write(
        `Logged ${(durationMs / 3_600_000).toFixed(2)} h of ${what} for ${person}${component ? ` on ${component.key}` : ''}.\n`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
