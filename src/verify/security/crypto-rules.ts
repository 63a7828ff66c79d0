import ts from 'typescript';
import { type CryptoCallRule, cryptoFunctionName } from './crypto/crypto-call.js';
import { cipherRules, hashRules, libraryAlgorithmRules } from './crypto/hash-and-cipher-rules.js';
import { jwtRules } from './crypto/jwt-rules.js';
import { cipherInputRules, keySizeRules, randomnessRules, saltRules } from './crypto/key-rules.js';
import { secretArgumentRules } from './crypto/secret-arguments.js';
import type { RuleProblem } from './rule-problem.js';
import type { FileFacts } from './taint/file-facts.js';

/** The rules over calls, in the order their findings on one call are reported. */
const callRules: readonly CryptoCallRule[] = [
  hashRules,
  cipherRules,
  cipherInputRules,
  saltRules,
  keySizeRules,
  randomnessRules,
  jwtRules,
];

/**
 * Weak hashes and ciphers, small keys, static IVs and salts, insecure randomness for secrets,
 * unverified JWTs, and secrets written where an API takes one.
 */
export function checkCrypto(checker: ts.TypeChecker, facts: FileFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const cryptoCall = { call: node, name: cryptoFunctionName(facts, node), checker, facts };
      for (const rule of callRules) problems.push(...rule(cryptoCall));
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node))
      problems.push(...secretArgumentRules(checker, facts, node));
    if (ts.isPropertyAccessExpression(node)) problems.push(...libraryAlgorithmRules(node, facts.sourceFile));
    ts.forEachChild(node, visit);
  };
  visit(facts.sourceFile);
  return problems;
}
