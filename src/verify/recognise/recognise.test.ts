import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../__fixtures__/fixture-project.js';
import { createTypedProject } from '../__fixtures__/typed-packages.js';
import {
  databaseHandleOf,
  isLogger,
  packageOfFile,
  receiverKnowledge,
  requestFrameworkOf,
  requestHandlerOf,
  responseKindOf,
} from './index.js';

const source = `
import type { Request, Response } from 'express';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Pool } from 'pg';
import type { Knex } from 'knex';
import pino from 'pino';
import { createServer } from 'node:http';
class Req { query = ''; }
interface Store { query(sql: string): Promise<unknown>; }
declare const store: Store;
declare const kx: Knex;
const banana = new Pool();
const logger = pino();
export function express(pear: Request, plum: Response) { return [pear, plum]; }
export function own(req: Req) { return req; }
export function plugin(instance: FastifyInstance, options: { root: string }) { return [instance, options]; }
export function fastify(request: FastifyRequest) { return request; }
createServer((incoming, outgoing) => [incoming, outgoing]);
export function untyped(req: any, res: any) { return [req, res]; }
store.query('select 1');
kx('users');
banana.query('select 1');
logger.info('x');
`;

describe('the shared recogniser', () => {
  let project: FixtureProject;
  let checker: ts.TypeChecker;
  let sourceFile: ts.SourceFile;
  const functionNamed = (name: string): ts.FunctionDeclaration => {
    const found = sourceFile.statements.find(
      (statement): statement is ts.FunctionDeclaration =>
        ts.isFunctionDeclaration(statement) && statement.name?.text === name,
    );
    if (!found) throw new Error(`no function ${name}`);
    return found;
  };
  const identifierOf = (fn: ts.SignatureDeclaration, index: number) =>
    fn.parameters[index]?.name as ts.Identifier;
  const callOf = (text: string): ts.CallExpression => {
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!found && ts.isCallExpression(node) && node.getText(sourceFile) === text) found = node;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    if (!found) throw new Error(`no call ${text}`);
    return found;
  };

  beforeAll(() => {
    project = createTypedProject({ 'src/app.ts': source });
    const config = ts.getParsedCommandLineOfConfigFile(
      join(project.root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    if (!config) throw new Error('no tsconfig');
    const program = ts.createProgram(config.fileNames, config.options);
    checker = program.getTypeChecker();
    const file = program.getSourceFile(join(project.root, 'src/app.ts'));
    if (!file) throw new Error('no source file');
    sourceFile = file;
  }, 60_000);
  afterAll(() => project.remove());

  it('names the package a declaration file belongs to', () => {
    expect(packageOfFile('/p/node_modules/@types/express/index.d.ts')).toBe('express');
    expect(packageOfFile('/p/node_modules/@types/node/http.d.ts')).toBe('node:http');
    expect(packageOfFile('/p/node_modules/@types/babel__core/index.d.ts')).toBe('@babel/core');
    expect(packageOfFile('/p/node_modules/@prisma/client/index.d.ts')).toBe('@prisma/client');
    expect(packageOfFile('/p/src/app.ts')).toBeUndefined();
  });

  it('knows request and response objects by declared type, whatever they are called', () => {
    const express = functionNamed('express');
    expect(requestFrameworkOf(checker, identifierOf(express, 0))).toBe('express');
    expect(responseKindOf(checker, identifierOf(express, 1))).toBe('express');
    expect(requestFrameworkOf(checker, identifierOf(functionNamed('own'), 0))).toBeUndefined();
    expect(requestFrameworkOf(checker, identifierOf(functionNamed('fastify'), 0))).toBe('fastify');
    expect(requestFrameworkOf(checker, identifierOf(functionNamed('plugin'), 0))).toBeUndefined();
  });

  it('tells handlers by type first, and by names only where nothing is typed', () => {
    expect(requestHandlerOf(checker, functionNamed('express'))).toEqual({ requestIndex: 0, by: 'type' });
    expect(requestHandlerOf(checker, functionNamed('own'))).toBeUndefined();
    expect(requestHandlerOf(checker, functionNamed('plugin'))).toBeUndefined();
    expect(requestHandlerOf(checker, functionNamed('untyped'))).toEqual({ requestIndex: 0, by: 'name' });
    const server = callOf('createServer((incoming, outgoing) => [incoming, outgoing])');
    const callback = server.arguments[0] as ts.ArrowFunction;
    expect(requestHandlerOf(checker, callback)).toEqual({ requestIndex: 0, by: 'type' });
  });

  it('knows database handles and loggers by the package that declares them', () => {
    expect(
      databaseHandleOf(
        checker,
        (callOf("banana.query('select 1')").expression as ts.PropertyAccessExpression).expression,
      ),
    ).toMatchObject({ package: 'pg', language: 'sql' });
    expect(databaseHandleOf(checker, callOf("kx('users')").expression)).toMatchObject({ package: 'knex' });
    expect(
      isLogger(checker, (callOf("logger.info('x')").expression as ts.PropertyAccessExpression).expression),
    ).toBe(true);
    expect(
      isLogger(
        checker,
        (callOf("banana.query('select 1')").expression as ts.PropertyAccessExpression).expression,
      ),
    ).toBe(false);
  });

  it('leaves a handle the project only declares by interface to names', () => {
    expect(receiverKnowledge(checker, callOf("store.query('select 1')").expression)).toEqual({
      kind: 'untyped',
    });
    expect(receiverKnowledge(checker, callOf("banana.query('select 1')").expression).kind).toBe('package');
  });
});
