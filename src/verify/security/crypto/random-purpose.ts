import ts from 'typescript';

/** Qualifiers that make a `…Key` a key of cryptography or access, not a key of a record. */
const cryptographicQualifier =
  /^(secret|private|public|crypto|crypt|encrypt|encryption|decrypt|decryption|cipher|sign|signing|hmac|mac|aes|rsa|api|access|auth|session|master|shared|client|license|licence|jwt|otp|totp|recovery|activation|invite|reset|verify|verification|password)$/;

/** The words of a name: `alert_key` → alert, key; `SignatureNonce` → signature, nonce. */
function wordsOf(name: string): string[] {
  return (
    name
      .replace(/^.*[.[]/, '')
      .match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g)
      ?.map((word) => word.toLowerCase()) ?? []
  );
}

/** The property an expression is the value of, when it sits in an object literal (a message's field). */
function isObjectField(call: ts.Node): boolean {
  let current = call;
  while (
    current.parent &&
    (ts.isCallExpression(current.parent) ||
      ts.isPropertyAccessExpression(current.parent) ||
      ts.isBinaryExpression(current.parent) ||
      ts.isParenthesizedExpression(current.parent) ||
      ts.isConditionalExpression(current.parent) ||
      ts.isTemplateSpan(current.parent) ||
      ts.isTemplateExpression(current.parent))
  )
    current = current.parent;
  return (
    current.parent !== undefined &&
    ts.isPropertyAssignment(current.parent) &&
    ts.isObjectLiteralExpression(current.parent.parent)
  );
}

/**
 * Whether a name that reads like a secret is, by what it holds, a public identifier: a key of a
 * record (`alertKey`, `cache_key`: the head word `key` after a qualifier that is not about
 * cryptography or access), or a nonce written as a field of an outgoing message, which guards
 * against replay by being unique and is sent in the clear, so need not be unguessable.
 */
export function namesPublicValue(name: string, call: ts.Node): boolean {
  const words = wordsOf(name);
  const head = words[words.length - 1];
  const qualifiers = words.slice(0, -1);
  if (head === 'key')
    return qualifiers.length > 0 && !qualifiers.some((word) => cryptographicQualifier.test(word));
  if (head === 'nonce') return isObjectField(call);
  return false;
}
