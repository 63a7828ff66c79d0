import type ts from 'typescript';
import type { RuleProblem } from '../rule-problem.js';
import { objectLiteralOf, propertyOf } from '../taint/file-facts.js';
import { type CryptoCall, literalText, numberValue, surroundingNames } from './crypto-call.js';
import { namesPublicValue } from './random-purpose.js';
import { isStaticBytes } from './static-values.js';

const secretNames =
  /token|secret|session|\bsid\b|passw|pwd|otp|nonce|salt|api_?key|apikey|csrf|xsrf|reset|verif|invite|credential|signature|auth(?!or)|(^|[^a-z])key([^a-z]|$)|[a-z]Key/i;
const keyDerivationFunctions = ['pbkdf2', 'pbkdf2Sync', 'scrypt', 'scryptSync'];
const smallestSafeBits = 2048;

/** A fixed IV, or an encryption key written as a string literal. */
export function cipherInputRules({ call, name, checker }: CryptoCall): RuleProblem[] {
  if (name !== 'createCipheriv') return [];
  const problems: RuleProblem[] = [];
  const [first, second, third] = call.arguments;
  // An ECB cipher takes no IV (the empty one it is given is ignored); its weakness is the mode, reported apart.
  const takesNoIv = first !== undefined && /-ecb$|^des$/i.test(literalText(first) ?? '');
  if (!takesNoIv && isStaticBytes(checker, third)) {
    problems.push({
      ruleId: 'security/static-iv-or-salt',
      node: third ?? call,
      message: 'The IV is fixed in the source, so equal plaintexts encrypt to equal ciphertexts.',
      hint: 'Generate the IV with crypto.randomBytes for every encryption and store it next to the ciphertext.',
    });
  }
  if (second && literalText(second) !== undefined) {
    problems.push({
      ruleId: 'security/hardcoded-secret',
      node: second,
      message: 'The encryption key is a string literal in the source.',
      hint: 'Load the key from a secret store or the environment.',
      cwe: 'CWE-321',
    });
  }
  return problems;
}

/** A fixed salt for a password hash. */
export function saltRules({ call, name, checker }: CryptoCall): RuleProblem[] {
  const second = call.arguments[1];
  if (!name || !keyDerivationFunctions.includes(name) || !isStaticBytes(checker, second)) return [];
  return [
    {
      ruleId: 'security/static-iv-or-salt',
      node: second ?? call,
      message: `The salt of ${name} is fixed in the source, so equal passwords give equal hashes.`,
      hint: 'Generate a salt with crypto.randomBytes(16) per password and store it with the hash.',
      cwe: 'CWE-760',
    },
  ];
}

/** A key or prime whose size in bits is the call's first argument, when that is a number below the safe size. */
function bitsArgumentProblem(call: ts.CallExpression, what: string, hint: string): RuleProblem[] {
  const bits = numberValue(call.arguments[0]);
  return bits !== undefined && bits < smallestSafeBits
    ? [{ ruleId: 'security/small-key', node: call, message: `A ${bits}-bit ${what} is too small.`, hint }]
    : [];
}

/** RSA and DSA keys, Diffie-Hellman primes and node-rsa keys under 2048 bits. */
export function keySizeRules({ call, name, checker, facts }: CryptoCall): RuleProblem[] {
  const [first, second] = call.arguments;
  const problems: RuleProblem[] = [];
  if ((name === 'generateKeyPair' || name === 'generateKeyPairSync') && first) {
    const type = literalText(first);
    const size = numberValue(propertyOf(objectLiteralOf(checker, second), 'modulusLength'));
    if (
      (type === 'rsa' || type === 'dsa' || type === 'rsa-pss') &&
      size !== undefined &&
      size < smallestSafeBits
    ) {
      problems.push({
        ruleId: 'security/small-key',
        node: call,
        message: `A ${size}-bit ${type.toUpperCase()} key is too small to resist factoring.`,
        hint: 'Use a modulusLength of at least 2048 (3072 for keys that must last).',
      });
    }
  }
  if (name === 'createDiffieHellman' || name === 'generatePrime')
    problems.push(...bitsArgumentProblem(call, 'Diffie-Hellman prime', 'Use at least 2048 bits, or ECDH.'));
  if (/rsa\.generateKeyPair$/.test(call.expression.getText(facts.sourceFile)))
    problems.push(...bitsArgumentProblem(call, 'RSA key', 'Use at least 2048 bits.'));
  return problems;
}

/** Math.random making something that must not be guessed: a token, a session id, a key. */
export function randomnessRules({ call, facts }: CryptoCall): RuleProblem[] {
  if (call.expression.getText(facts.sourceFile) !== 'Math.random') return [];
  const secret = surroundingNames(call).find(
    (text) => secretNames.test(text) && !namesPublicValue(text, call),
  );
  if (secret === undefined) return [];
  return [
    {
      ruleId: 'security/insecure-randomness',
      node: call,
      message: `Math.random() is predictable, and here it makes a secret (${secret}).`,
      hint: 'Use crypto.randomBytes, crypto.randomUUID or crypto.randomInt.',
    },
  ];
}
