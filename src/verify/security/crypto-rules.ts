import ts from 'typescript';
import {
  type FileFacts,
  objectLiteralOf,
  propertyOf,
  resolveCallee,
  shortText,
  skipOuter,
} from './taint/file-facts.js';

/** A finding of a rule that needs no taint: the rule, the node and what to say. */
export interface RuleProblem {
  ruleId: string;
  node: ts.Node;
  message: string;
  hint: string;
  cwe?: string;
}

const weakHashes = /^(md2|md4|md5|sha1|sha-1|ripemd|ripemd160|md5-sha1)$/i;
const weakCiphers =
  /(^|-)(des|des3|3des|des-ede3?|rc2|rc4|bf|blowfish|cast5?|idea|seed)(-|$)|-ecb$|^aes-?\d*$/i;
/** Names that say a value guards something: hashes of these are for security, not for ETags. */
const securityWords =
  /pass(word|wd|phrase)?|pwd|secret|token|session|auth|credential|sign(ature)?|otp|api_?key|apikey|hmac|csrf|nonce|salt|verify|login|cookie|jwt/i;
const secretNames =
  /token|secret|session|\bsid\b|passw|pwd|otp|nonce|salt|api_?key|apikey|csrf|xsrf|reset|verif|invite|credential|signature|auth(?!or)|(^|[^a-z])key([^a-z]|$)|[a-z]Key/i;

function literalText(expression: ts.Expression | undefined): string | undefined {
  const inner = expression && skipOuter(expression);
  return inner && ts.isStringLiteralLike(inner) ? inner.text : undefined;
}

function numberValue(expression: ts.Expression | undefined): number | undefined {
  const inner = expression && skipOuter(expression);
  if (inner && ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  return undefined;
}

/** Names around a node: the variable, property, function or assignment it belongs to, up to its statement. */
function surroundingNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (
    let current: ts.Node | undefined = node;
    current && !ts.isSourceFile(current);
    current = current.parent
  ) {
    if (
      (ts.isVariableDeclaration(current) ||
        ts.isPropertyAssignment(current) ||
        ts.isPropertyDeclaration(current)) &&
      current.name
    )
      names.push(current.name.getText());
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      names.push(current.left.getText());
    if (ts.isFunctionLike(current) && current.name) {
      names.push(current.name.getText());
      break;
    }
    if (ts.isFunctionLike(current)) {
      const parent = current.parent;
      if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
        names.push(parent.name.getText());
      break;
    }
    if (ts.isCallExpression(current) && current !== node) names.push(current.expression.getText());
  }
  return names;
}

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

/** Whether a value is fixed in the source: a literal, a buffer of literal bytes or zeros, or a constant holding one. */
function isStaticBytes(checker: ts.TypeChecker, expression: ts.Expression | undefined, depth = 0): boolean {
  if (!expression) return false;
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return true;
  if (ts.isArrayLiteralExpression(inner))
    return inner.elements.every((element) => ts.isNumericLiteral(skipOuter(element)));
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = inner.expression.getText();
    const args = inner.arguments ?? [];
    if (/^Buffer\.(from|alloc)$/.test(callee)) {
      if (callee === 'Buffer.alloc')
        return (
          args.length >= 1 &&
          args
            .slice(1)
            .every(
              (argument) =>
                ts.isNumericLiteral(skipOuter(argument)) || ts.isStringLiteralLike(skipOuter(argument)),
            )
        );
      return args.length > 0 && isStaticBytes(checker, args[0], depth + 1);
    }
    if (/^(Uint8Array|Buffer)$/.test(callee) && ts.isNewExpression(inner))
      return args.every(
        (argument) => ts.isNumericLiteral(skipOuter(argument)) || isStaticBytes(checker, argument, depth + 1),
      );
    return false;
  }
  if (ts.isIdentifier(inner) && depth < 3) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    )
      return isStaticBytes(checker, declaration.initializer, depth + 1);
  }
  return false;
}

function cryptoCall(facts: FileFacts, call: ts.CallExpression): string | undefined {
  const callee = resolveCallee(facts, call.expression);
  if (!callee) return undefined;
  if (callee.module === 'crypto') return callee.name;
  if (!callee.module && callee.receiver && /^crypto$/.test(shortText(callee.receiver, facts.sourceFile)))
    return callee.name;
  return undefined;
}

/** Weak hashes and ciphers, small keys, static IVs and salts, insecure randomness for secrets, unverified JWTs. */
export function checkCrypto(checker: ts.TypeChecker, facts: FileFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { sourceFile } = facts;
  const jwtModules = ['jsonwebtoken', 'jose', 'jwt-decode', 'jwt-simple'];
  const verifies = /\b(jwt\.verify|verify\(|jwtVerify\(|verifyToken|\.verify\()/.test(sourceFile.text);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = cryptoCall(facts, node);
      const [first, second, third] = node.arguments;
      if ((name === 'createHash' || name === 'createHmac') && first) {
        const algorithm = literalText(first);
        const context = `${surroundingNames(node).join(' ')} ${hashedData(node)}`;
        if (
          algorithm &&
          weakHashes.test(algorithm) &&
          (name === 'createHash' ? securityWords.test(context) : /^(md[245])$/i.test(algorithm))
        ) {
          problems.push({
            ruleId: 'security/weak-hash',
            node,
            message: `${algorithm.toUpperCase()} is broken for security use (${name} for ${shortText(node, sourceFile)}).`,
            hint: 'Use SHA-256 or better for integrity, and scrypt, argon2 or bcrypt for passwords.',
          });
        } else if (algorithm && name === 'createHash' && /pass(word|wd)|pwd/i.test(hashedData(node))) {
          problems.push({
            ruleId: 'security/weak-password-hash',
            node,
            message: `A password is hashed with a single fast ${algorithm} digest, which is cheap to brute-force.`,
            hint: 'Use crypto.scrypt, argon2 or bcrypt with a random salt per password.',
          });
        }
      }
      if (
        (name === 'createCipheriv' ||
          name === 'createDecipheriv' ||
          name === 'createCipher' ||
          name === 'createDecipher') &&
        first
      ) {
        const algorithm = literalText(first);
        if (algorithm && weakCiphers.test(algorithm)) {
          problems.push({
            ruleId: 'security/weak-cipher',
            node,
            message: `The cipher ${algorithm} is weak${/ecb/i.test(algorithm) ? ' (ECB mode leaks patterns of the plaintext)' : ''}.`,
            hint: 'Use aes-256-gcm with a random 12-byte IV for each message.',
          });
        } else if (name === 'createCipher' || name === 'createDecipher') {
          problems.push({
            ruleId: 'security/weak-cipher',
            node,
            message: `crypto.${name} derives the key with MD5 and uses no IV.`,
            hint: 'Use createCipheriv with a key from scrypt and a random IV.',
          });
        }
        if (
          (name === 'createCipheriv' || name === 'createDecipheriv') &&
          name === 'createCipheriv' &&
          isStaticBytes(checker, third)
        ) {
          problems.push({
            ruleId: 'security/static-iv-or-salt',
            node: third ?? node,
            message: 'The IV is fixed in the source, so equal plaintexts encrypt to equal ciphertexts.',
            hint: 'Generate the IV with crypto.randomBytes for every encryption and store it next to the ciphertext.',
          });
        }
        if (name === 'createCipheriv' && second && literalText(second) !== undefined) {
          problems.push({
            ruleId: 'security/hardcoded-secret',
            node: second,
            message: 'The encryption key is a string literal in the source.',
            hint: 'Load the key from a secret store or the environment.',
            cwe: 'CWE-321',
          });
        }
      }
      if (
        (name === 'pbkdf2' || name === 'pbkdf2Sync' || name === 'scrypt' || name === 'scryptSync') &&
        isStaticBytes(checker, second)
      ) {
        problems.push({
          ruleId: 'security/static-iv-or-salt',
          node: second ?? node,
          message: `The salt of ${name} is fixed in the source, so equal passwords give equal hashes.`,
          hint: 'Generate a salt with crypto.randomBytes(16) per password and store it with the hash.',
          cwe: 'CWE-760',
        });
      }
      if ((name === 'generateKeyPair' || name === 'generateKeyPairSync') && first) {
        const type = literalText(first);
        const size = numberValue(propertyOf(objectLiteralOf(checker, second), 'modulusLength'));
        if ((type === 'rsa' || type === 'dsa' || type === 'rsa-pss') && size !== undefined && size < 2048) {
          problems.push({
            ruleId: 'security/small-key',
            node,
            message: `A ${size}-bit ${type.toUpperCase()} key is too small to resist factoring.`,
            hint: 'Use a modulusLength of at least 2048 (3072 for keys that must last).',
          });
        }
      }
      if (
        (name === 'createDiffieHellman' || name === 'generatePrime') &&
        (numberValue(first) ?? 4096) < 2048
      ) {
        problems.push({
          ruleId: 'security/small-key',
          node,
          message: `A ${numberValue(first)}-bit Diffie-Hellman prime is too small.`,
          hint: 'Use at least 2048 bits, or ECDH.',
        });
      }
      const calleeText = node.expression.getText(sourceFile);
      if (
        /(^|\.)(NodeRSA)$/.test(calleeText) === false &&
        /rsa\.generateKeyPair$/.test(calleeText) &&
        (numberValue(first) ?? 4096) < 2048
      ) {
        problems.push({
          ruleId: 'security/small-key',
          node,
          message: `A ${numberValue(first)}-bit RSA key is too small.`,
          hint: 'Use at least 2048 bits.',
        });
      }
      if (calleeText === 'Math.random' && surroundingNames(node).some((text) => secretNames.test(text))) {
        problems.push({
          ruleId: 'security/insecure-randomness',
          node,
          message: `Math.random() is predictable, and here it makes a secret (${surroundingNames(node).find((text) => secretNames.test(text)) ?? 'value'}).`,
          hint: 'Use crypto.randomBytes, crypto.randomUUID or crypto.randomInt.',
        });
      }
      const callee = resolveCallee(facts, node.expression);
      if (callee?.module && jwtModules.includes(callee.module)) {
        if (
          (callee.name === 'decode' || callee.name === 'decodeJwt' || callee.name === '*') &&
          callee.module !== 'jwt-simple' &&
          !verifies
        ) {
          problems.push({
            ruleId: 'security/jwt-unverified',
            node,
            message: `${shortText(node.expression, sourceFile)} reads a JWT without checking its signature, and nothing here verifies it.`,
            hint: 'Use jwt.verify (or jose.jwtVerify) with the expected algorithms before trusting any claim.',
          });
        }
        if (
          callee.name === 'decode' &&
          callee.module === 'jwt-simple' &&
          third &&
          skipOuter(third).kind === ts.SyntaxKind.TrueKeyword
        ) {
          problems.push({
            ruleId: 'security/jwt-unverified',
            node,
            message: 'jwt-simple decode with noVerify set to true skips the signature check.',
            hint: 'Drop the noVerify argument.',
          });
        }
        if (callee.name === 'verify' || callee.name === 'sign') {
          const options = objectLiteralOf(checker, node.arguments[2]);
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
      }
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      /^(CryptoJS|cryptoJs)\.(DES|TripleDES|RC4|RC4Drop|MD5|SHA1)$/.test(node.getText(sourceFile)) &&
      ts.isCallExpression(node.parent)
    ) {
      problems.push({
        ruleId: /MD5|SHA1/.test(node.name.text) ? 'security/weak-hash' : 'security/weak-cipher',
        node,
        message: `${node.getText(sourceFile)} is a broken algorithm.`,
        hint: 'Use AES-GCM through Node.js crypto or WebCrypto, and SHA-256 or better.',
      });
    }
    if (ts.isPropertyAccessExpression(node) && /mode\.ECB$/.test(node.getText(sourceFile))) {
      problems.push({
        ruleId: 'security/weak-cipher',
        node,
        message: 'ECB mode leaks patterns of the plaintext.',
        hint: 'Use GCM (or CBC with an HMAC) with a random IV.',
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return problems;
}
