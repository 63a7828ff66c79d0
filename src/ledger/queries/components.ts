import { BatonError } from '../../core/errors.js';
import { closestMatch } from '../../core/index.js';
import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow } from '../schema.js';

/**
 * The ledger row of a plan component by its key (the `id` in the plan), the most recent one when
 * several plans share the key, optionally within one feature.
 */
export async function findComponentByKey(
  ledger: LedgerStore,
  key: string,
  feature?: string,
): Promise<LedgerRow<'components'>> {
  let query = ledger.db
    .selectFrom('components')
    .innerJoin('plans', 'plans.id', 'components.planId')
    .selectAll('components');
  if (feature) query = query.where('plans.feature', '=', feature);
  const found = await query
    .where('components.key', '=', key)
    .orderBy('components.createdAt', 'desc')
    .executeTakeFirst();
  if (found) return found;
  const keys = (await ledger.db.selectFrom('components').select('key').distinct().execute()).map(
    (row) => row.key,
  );
  const suggestion = closestMatch(key, keys);
  throw new BatonError({
    code: 'LEDGER_COMPONENT_NOT_FOUND',
    message: `No component "${key}"${feature ? ` in feature "${feature}"` : ''} in the ledger at ${ledger.location}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    hint:
      keys.length > 0
        ? `Known components: ${keys.slice(0, 20).join(', ')}.`
        : 'Components enter the ledger when a plan runs; log without --component until then.',
  });
}
