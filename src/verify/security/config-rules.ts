import ts from 'typescript';
import type { RuleProblem } from './rule-problem.js';
import {
  type FileFacts,
  objectLiteralOf,
  propertyNameText,
  propertyOf,
  resolveCallee,
  skipOuter,
} from './taint/file-facts.js';

const modeFunctions: Record<string, number> = {
  chmod: 1,
  chmodSync: 1,
  fchmod: 1,
  fchmodSync: 1,
  lchmod: 1,
  mkdir: 1,
  mkdirSync: 1,
  writeFile: 2,
  writeFileSync: 2,
  appendFile: 2,
  appendFileSync: 2,
  open: 2,
  openSync: 2,
  copyFile: -1,
};

function modeValue(expression: ts.Expression | undefined): number | undefined {
  const inner = expression && skipOuter(expression);
  if (!inner) return undefined;
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isStringLiteralLike(inner) && /^[0-7]{3,4}$/.test(inner.text)) return Number.parseInt(inner.text, 8);
  return undefined;
}

function isFalse(expression: ts.Expression | undefined): boolean {
  const inner = expression && skipOuter(expression);
  return (
    !!inner &&
    (inner.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(inner) && inner.text === '0'))
  );
}

function isTrue(expression: ts.Expression | undefined): boolean {
  const inner = expression && skipOuter(expression);
  return !!inner && inner.kind === ts.SyntaxKind.TrueKeyword;
}

/** A CORS origin that admits every site: `'*'`, `true`, or a function that calls back with true or echoes the origin. */
function admitsEveryOrigin(origin: ts.Expression | undefined): boolean {
  const inner = origin && skipOuter(origin);
  if (!inner) return false;
  if (ts.isStringLiteralLike(inner)) return inner.text === '*';
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    const text = inner.body.getText();
    const [first] = inner.parameters;
    const parameter = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    if (/\(\s*null\s*,\s*true\s*\)/.test(text)) return !/includes|has\(|indexOf|===|test\(/.test(text);
    if (parameter && ts.isIdentifier(inner.body) && inner.body.text === parameter) return true;
    if (
      parameter &&
      new RegExp(`return\\s+${parameter}\\s*;?\\s*}?$`).test(text.trim()) &&
      !/includes|has\(|===|test\(/.test(text)
    )
      return true;
  }
  return false;
}

/** Disabled TLS verification, permissive CORS with credentials, and world-writable file modes. */
export function checkConfiguration(checker: ts.TypeChecker, facts: FileFacts): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { sourceFile } = facts;
  const headerCalls: { name: string; value: ts.Expression; node: ts.Node; scope: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyNameText(node.name);
      if (
        (name === 'rejectUnauthorized' || name === 'strictSSL' || name === 'verifySsl') &&
        isFalse(node.initializer)
      ) {
        problems.push({
          ruleId: 'security/tls-verification-disabled',
          node,
          message: `${name}: false accepts any certificate, so anyone on the path can read and change the traffic.`,
          hint: 'Remove it; for a private CA pass its certificate with the `ca` option.',
        });
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = node.left.getText(sourceFile);
      if (
        /NODE_TLS_REJECT_UNAUTHORIZED/.test(left) &&
        /^['"`]?0['"`]?$/.test(node.right.getText(sourceFile))
      ) {
        problems.push({
          ruleId: 'security/tls-verification-disabled',
          node,
          message:
            'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for every TLS connection of the process.',
          hint: 'Remove it; trust a private CA with NODE_EXTRA_CA_CERTS instead.',
        });
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = resolveCallee(facts, node.expression);
      const [first, second] = node.arguments;
      if (
        callee &&
        (callee.module === 'cors' ||
          callee.module === '@koa/cors' ||
          callee.module === 'hono/cors' ||
          callee.module === '@fastify/cors' ||
          (callee.name === 'cors' && !callee.receiver))
      ) {
        const options = objectLiteralOf(checker, callee.module === '@fastify/cors' ? second : first);
        const credentials = isTrue(propertyOf(options, 'credentials'));
        const origin = propertyOf(options, 'origin');
        const koaDefault = callee.module === '@koa/cors' && origin === undefined;
        if (credentials && (admitsEveryOrigin(origin) || koaDefault)) {
          problems.push({
            ruleId: 'security/permissive-cors',
            node,
            message:
              "CORS admits every origin and allows credentials: any site can make requests with the user's cookies and read the answers.",
            hint: "List the trusted origins explicitly (origin: ['https://app.example.com']).",
          });
        }
      }
      if (
        callee?.receiver &&
        (callee.name === 'setHeader' || callee.name === 'header' || callee.name === 'set') &&
        first &&
        second
      ) {
        const header = skipOuter(first);
        if (ts.isStringLiteralLike(header)) {
          let scope: ts.Node = node;
          while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
          headerCalls.push({ name: header.text.toLowerCase(), value: second, node, scope });
        }
      }
      if (
        callee &&
        (callee.module === 'fs' || callee.module === 'fs-extra') &&
        callee.name in modeFunctions
      ) {
        const position = modeFunctions[callee.name] ?? -1;
        const argument = position >= 0 ? node.arguments[position] : undefined;
        const mode = modeValue(argument) ?? modeValue(propertyOf(objectLiteralOf(checker, argument), 'mode'));
        if (mode !== undefined && (mode & 0o002) !== 0) {
          problems.push({
            ruleId: 'security/world-writable-file',
            node,
            message: `Mode 0o${mode.toString(8)} lets every user on the machine write this file or folder.`,
            hint: 'Use 0o600 for files with data, 0o644 or 0o755 for what others only read.',
          });
        }
      }
      if (node.expression.getText(sourceFile) === 'process.umask' && modeValue(first) === 0) {
        problems.push({
          ruleId: 'security/world-writable-file',
          node,
          message: 'umask(0) makes every file the process creates world-writable.',
          hint: 'Leave the umask alone, or use 0o077.',
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const call of headerCalls) {
    if (call.name !== 'access-control-allow-origin') continue;
    const value = skipOuter(call.value);
    const reflects =
      !ts.isStringLiteralLike(value) &&
      /origin/i.test(value.getText(sourceFile)) &&
      !/(includes|has|indexOf)\(\s*[\w.]*origin/i.test(call.scope.getText(sourceFile));
    const wildcard = ts.isStringLiteralLike(value) && value.text === '*';
    const credentials = headerCalls.some(
      (other) =>
        other.scope === call.scope &&
        other.name === 'access-control-allow-credentials' &&
        /true/.test(other.value.getText(sourceFile)),
    );
    if (credentials && (reflects || wildcard)) {
      problems.push({
        ruleId: 'security/permissive-cors',
        node: call.node,
        message: `Access-Control-Allow-Origin ${wildcard ? 'is *' : "echoes the request's Origin"} while credentials are allowed: any site can read answers meant for the logged-in user.`,
        hint: 'Compare the Origin against a list of trusted origins before echoing it.',
      });
    }
  }
  return problems;
}
