import type { TaintEnvironment } from './taint-env.js';
import type { Taint, Tainted } from './taint-value.js';

function sameOrigin(left: Taint, right: Taint): boolean {
  return (
    left.origin === right.origin ||
    (left.origin.category === right.origin.category &&
      left.origin.label === right.origin.label &&
      left.origin.parameterIndex === right.origin.parameterIndex &&
      left.origin.field === right.origin.field)
  );
}

/**
 * What reading a field never written gets from its object: the object's own taint, less what it holds
 * only because other fields were written with tainted values (`row.note = input` leaves `row.state` clean).
 */
export function unwrittenFieldTaint(
  environment: TaintEnvironment,
  objectKey: string | undefined,
  field: string,
  objectTaint: Tainted,
): Tainted {
  if (objectKey === undefined || objectTaint.length === 0) return objectTaint;
  const siblings = [...environment.fieldsOf(objectKey)]
    .filter(([name]) => name !== field)
    .flatMap(([, value]) => value);
  if (siblings.length === 0) return objectTaint;
  return objectTaint.filter(
    (taint) => !taint.container || !siblings.some((sibling) => sameOrigin(sibling, taint)),
  );
}
