import ts from 'typescript';
import type { RuleProblem } from '../rule-problem.js';
import { shortText } from '../taint/file-facts.js';
import { type CryptoCall, literalText, numberValue, surroundingNames } from './crypto-call.js';

const weakHashes = /^(md2|md4|md5|sha1|sha-1|ripemd|ripemd160|md5-sha1)$/i;
const weakCiphers =
  /(^|-)(des|des3|3des|des-ede3?|rc2|rc4|bf|blowfish|cast5?|idea|seed)(-|$)|-ecb$|^aes-?\d*$/i;
/** Names that say a value guards something: hashes of these are for security, not for ETags. */
const securityWords =
  /pass(word|wd|phrase)?|pwd|secret|token|session|auth|credential|sign(ature)?|otp|api_?key|apikey|hmac|csrf|nonce|salt|verify|login|cookie|jwt/i;
const cipherFunctions = ['createCipheriv', 'createDecipheriv', 'createCipher', 'createDecipher'];
const brokenLibraryAlgorithms = /^(CryptoJS|cryptoJs)\.(DES|TripleDES|RC4|RC4Drop|MD5|SHA1)$/;

/** The data a hash chain digests: `createHash('md5').update(password)` → `password`. */
function hashedData(call: ts.CallExpression): string {
  let current: ts.Node = call;
  const parts: string[] = [];
  while (
    current.parent &&
    ts.isPropertyAccessExpression(current.parent) &&
    ts.isCallExpression(current.parent.parent)
  ) {
    const next = current.parent.parent;
    if (current.parent.name.text === 'update')
      parts.push(next.arguments.map((argument) => argument.getText()).join(' '));
    current = next;
  }
  return parts.join(' ');
}

/** The outermost call of a hash chain: `createHash('sha1').update(x).digest('hex').toUpperCase()`. */
function chainEnd(call: ts.CallExpression): ts.Expression {
  let current: ts.Expression = call;
  while (
    current.parent &&
    ts.isPropertyAccessExpression(current.parent) &&
    ts.isCallExpression(current.parent.parent)
  )
    current = current.parent.parent;
  return current;
}

const maxLookupPrefix = 10;

/** `digest.slice(0, 5)`: a short prefix, too few bits to stand for the data it was cut from. */
function isShortPrefix(node: ts.Node): boolean {
  const access = node.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || !ts.isCallExpression(access.parent)) return false;
  if (!/^(slice|substring|substr)$/.test(access.name.text)) return false;
  const [start, end] = access.parent.arguments;
  return numberValue(start) === 0 && (numberValue(end) ?? Number.POSITIVE_INFINITY) <= maxLookupPrefix;
}

/**
 * A digest cut into a short prefix and the rest, as k-anonymity lookups (a breached-password range
 * query) do: only the prefix leaves, and the digest is neither stored nor compared as a credential.
 */
function isSplitForLookup(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const end = chainEnd(call);
  if (isShortPrefix(end)) return true;
  const declaration = end.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name))
    return false;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  const scope = ts.findAncestor(declaration, ts.isFunctionLike) ?? declaration.getSourceFile();
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== declaration.name && checker.getSymbolAtLocation(node) === symbol)
      uses.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  const sliced = (use: ts.Identifier): boolean =>
    ts.isPropertyAccessExpression(use.parent) &&
    use.parent.expression === use &&
    /^(slice|substring|substr)$/.test(use.parent.name.text) &&
    ts.isCallExpression(use.parent.parent);
  return uses.length > 0 && uses.every(sliced) && uses.some(isShortPrefix);
}

/**
 * A broken hash for something that guards access, or a password under one fast digest. HMAC keeps
 * MD5 and SHA-1 sound as a MAC (collisions do not forge a keyed MAC), so only MD2 and MD4 count there.
 */
export function hashRules({ call, name, facts, checker }: CryptoCall): RuleProblem[] {
  const [first] = call.arguments;
  if ((name !== 'createHash' && name !== 'createHmac') || !first) return [];
  if (name === 'createHash' && isSplitForLookup(checker, call)) return [];
  const algorithm = literalText(first);
  const context = `${surroundingNames(call).join(' ')} ${hashedData(call)}`;
  if (
    algorithm &&
    weakHashes.test(algorithm) &&
    (name === 'createHash' ? securityWords.test(context) : /^(md[24])$/i.test(algorithm))
  ) {
    return [
      {
        ruleId: 'security/weak-hash',
        node: call,
        message: `${algorithm.toUpperCase()} is broken for security use (${name} for ${shortText(call, facts.sourceFile)}).`,
        hint: 'Use SHA-256 or better for integrity, and scrypt, argon2 or bcrypt for passwords.',
      },
    ];
  }
  if (algorithm && name === 'createHash' && /pass(word|wd)|pwd/i.test(hashedData(call))) {
    return [
      {
        ruleId: 'security/weak-password-hash',
        node: call,
        message: `A password is hashed with a single fast ${algorithm} digest, which is cheap to brute-force.`,
        hint: 'Use crypto.scrypt, argon2 or bcrypt with a random salt per password.',
      },
    ];
  }
  return [];
}

/** A weak cipher or mode, or the old createCipher that derives its key with MD5. */
export function cipherRules({ call, name }: CryptoCall): RuleProblem[] {
  const [first] = call.arguments;
  if (!name || !cipherFunctions.includes(name) || !first) return [];
  const algorithm = literalText(first);
  if (algorithm && weakCiphers.test(algorithm)) {
    return [
      {
        ruleId: 'security/weak-cipher',
        node: call,
        message: `The cipher ${algorithm} is weak${/ecb/i.test(algorithm) ? ' (ECB mode leaks patterns of the plaintext)' : ''}.`,
        hint: 'Use aes-256-gcm with a random 12-byte IV for each message.',
      },
    ];
  }
  if (name === 'createCipher' || name === 'createDecipher') {
    return [
      {
        ruleId: 'security/weak-cipher',
        node: call,
        message: `crypto.${name} derives the key with MD5 and uses no IV.`,
        hint: 'Use createCipheriv with a key from scrypt and a random IV.',
      },
    ];
  }
  return [];
}

/** Broken algorithms of crypto-js, and ECB mode of any library: `CryptoJS.MD5(…)`, `mode.ECB`. */
export function libraryAlgorithmRules(
  node: ts.PropertyAccessExpression,
  sourceFile: ts.SourceFile,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const text = node.getText(sourceFile);
  if (brokenLibraryAlgorithms.test(text) && ts.isCallExpression(node.parent)) {
    problems.push({
      ruleId: /MD5|SHA1/.test(node.name.text) ? 'security/weak-hash' : 'security/weak-cipher',
      node,
      message: `${text} is a broken algorithm.`,
      hint: 'Use AES-GCM through Node.js crypto or WebCrypto, and SHA-256 or better.',
    });
  }
  if (/mode\.ECB$/.test(text)) {
    problems.push({
      ruleId: 'security/weak-cipher',
      node,
      message: 'ECB mode leaks patterns of the plaintext.',
      hint: 'Use GCM (or CBC with an HMAC) with a random IV.',
    });
  }
  return problems;
}
