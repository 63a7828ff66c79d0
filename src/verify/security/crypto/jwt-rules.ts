import ts from 'typescript';
import type { RuleProblem } from '../rule-problem.js';
import { objectLiteralOf, propertyOf, resolveCallee, shortText, skipOuter } from '../taint/file-facts.js';
import type { CryptoCall } from './crypto-call.js';

const jwtModules = ['jsonwebtoken', 'jose', 'jwt-decode', 'jwt-simple'];
/** Some verification in the file: a decode next to one is taken to read a token already checked. */
const verification = /\b(jwt\.verify|verify\(|jwtVerify\(|verifyToken|\.verify\()/;

/** JWTs read without checking their signature, or checked with the "none" algorithm allowed. */
export function jwtRules({ call, checker, facts }: CryptoCall): RuleProblem[] {
  const callee = resolveCallee(facts, call.expression);
  if (!callee?.module || !jwtModules.includes(callee.module)) return [];
  const { sourceFile } = facts;
  const problems: RuleProblem[] = [];
  if (
    (callee.name === 'decode' || callee.name === 'decodeJwt' || callee.name === '*') &&
    callee.module !== 'jwt-simple' &&
    !verification.test(sourceFile.text)
  ) {
    problems.push({
      ruleId: 'security/jwt-unverified',
      node: call,
      message: `${shortText(call.expression, sourceFile)} reads a JWT without checking its signature, and nothing here verifies it.`,
      hint: 'Use jwt.verify (or jose.jwtVerify) with the expected algorithms before trusting any claim.',
    });
  }
  const third = call.arguments[2];
  if (
    callee.name === 'decode' &&
    callee.module === 'jwt-simple' &&
    third &&
    skipOuter(third).kind === ts.SyntaxKind.TrueKeyword
  ) {
    problems.push({
      ruleId: 'security/jwt-unverified',
      node: call,
      message: 'jwt-simple decode with noVerify set to true skips the signature check.',
      hint: 'Drop the noVerify argument.',
    });
  }
  if (callee.name === 'verify' || callee.name === 'sign') {
    const options = objectLiteralOf(checker, third);
    const algorithms = propertyOf(options, 'algorithms') ?? propertyOf(options, 'algorithm');
    if (algorithms && /['"`]none['"`]/i.test(algorithms.getText(sourceFile))) {
      problems.push({
        ruleId: 'security/jwt-unverified',
        node: algorithms,
        message: `jwt.${callee.name} accepts the "none" algorithm: a token without a signature passes.`,
        hint: "List only the algorithms you sign with, such as ['HS256'] or ['RS256'].",
      });
    }
  }
  return problems;
}
