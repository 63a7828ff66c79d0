import type { LedgerStore } from '../ledger-store.js';
import type { LedgerRow, ReviewDecision } from '../schema.js';

// The reviews people (and policies) recorded on components, oldest first.

/** A component's reviews with one of these decisions, oldest first. */
export async function componentReviews(
  ledger: LedgerStore,
  componentRowId: string,
  decisions: readonly ReviewDecision[],
): Promise<LedgerRow<'reviews'>[]> {
  return ledger.db
    .selectFrom('reviews')
    .selectAll()
    .where('componentId', '=', componentRowId)
    .where('decision', 'in', [...decisions])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Every review of these components, oldest first. */
export async function reviewsOfComponents(
  ledger: LedgerStore,
  componentRowIds: readonly string[],
): Promise<LedgerRow<'reviews'>[]> {
  return ledger.db
    .selectFrom('reviews')
    .selectAll()
    .where('componentId', 'in', [...componentRowIds])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}
