import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { verify } from '../verify.js';
import { fakeManifest, fakePackages } from './__fixtures__/fake-packages.js';

/** Plain JavaScript, as an Express app on Mongoose is written: no tsconfig, no `// @ts-check`. */
const files: Record<string, string> = {
  ...fakePackages,
  'package.json': fakeManifest,
  'models/timestamps.js': `
module.exports = function timestamps(schema) {
  schema.methods.touch = function () { this.updatedAt = Date.now(); return this.save(); };
};
`,
  'models/user.js': `
const mongoose = require('mongoose');
const timestamps = require('./timestamps');

const userSchema = new mongoose.Schema({ email: String, role: String });
userSchema.statics.findByEmail = function (email) { return this.findOne({ email }); };
userSchema.methods.comparePassword = function (candidate) { return candidate === this.password; };
userSchema.method('fullName', function () { return 'first last'; });
userSchema.static({ byRole(role) { return this.find({ role }); } });
userSchema.virtual('displayName').get(function () { return this.id; });
userSchema.plugin(timestamps);

const User = mongoose.model('User', userSchema);
Object.assign(User.prototype, { describe() { return 'a user'; } });

async function demo() {
  const byEmail = await User.findByEmail('a@b.c');
  const admins = await User.byRole('admin');
  const found = await User.findOne({ email: 'a@b.c' });
  found.comparePassword('secret');
  found.fullName();
  found.touch();
  console.log(found.displayName, found.describe(), byEmail, admins);
  User.findOnee({ email: 'a@b.c' }); // true: findOnee
  found.savee(); // true: savee
  return User.findById(found.id).lean().exec();
}

module.exports = { User, demo };
`,
  'services/users.js': `
const mongoose = require('mongoose');
const { User } = require('../models/user');

/** @typedef {import('mongoose').Document} User */

/**
 * @param {Object} options
 * @returns {Promise<User>}
 */
async function loadUser(options) {
  if (options.verbose) console.log('loading', options.id);
  return User.findById(options.id);
}

async function show(id) {
  const user = await loadUser({ id });
  user.comparePassword('x');
  user.anythingTheProjectBelieves();
  const fromProjectModule = await User.findById(id);
  fromProjectModule.comparePassword('x');
  const direct = await mongoose.model('User').findById(id);
  return direct.saveAll(); // true: saveAll
}

module.exports = { loadUser, show };
`,
  'errors.js': `
function notFound(message) {
  const error = new Error(message);
  error.status = 404;
  error.expose = true;
  return error;
}

function handler(error, request, response) {
  const reported = new Error('wrapped');
  console.log(reported.status, reported.expose, error.status);
  const target = new EventTarget();
  target.addEventListener('custom', (event) => console.log(event.detail));
  return reported.messagee; // true: messagee
}

module.exports = { notFound, handler };
`,
  'checked.js': `#!/usr/bin/env node
// @ts-check
const { User } = require('./models/user');

/** @param {import('mongoose').Document} document */
function persist(document) {
  return document.savv(); // true: savv
}

module.exports = { persist, User };
`,
};

let project: FixtureProject;
let findings: Finding[];

function memberAndArity(list: readonly Finding[], file: string): string[] {
  return list
    .filter(
      (finding) => finding.file === file && /missing-member|wrong-arity|missing-export/.test(finding.ruleId),
    )
    .map((finding) => `${finding.range.startLine} ${finding.ruleId} ${finding.message.split('"')[1] ?? ''}`);
}

function lineOf(file: string, text: string): number {
  const lines = (files[file] ?? '').split('\n');
  return lines.findIndex((line) => line.includes(text)) + 1;
}

describe('the api check in plain JavaScript', () => {
  beforeAll(async () => {
    project = createFixtureProject({ files, linkNodeModules: false });
    findings = (await verify({ root: project.root, checks: ['api'], nativeCompiler: 'off' })).findings;
  });
  afterAll(() => project.remove());

  it('does not report statics, methods, plugins, virtuals and mixins a model gains at run time', () => {
    expect(memberAndArity(findings, 'models/user.js')).toEqual([
      `${lineOf('models/user.js', 'User.findOnee')} api/missing-member findOnee`,
      `${lineOf('models/user.js', 'found.savee')} api/missing-member savee`,
    ]);
  });

  it('judges members only where the receiver type comes from the package, not from project JSDoc', () => {
    expect(memberAndArity(findings, 'services/users.js')).toEqual([
      `${lineOf('services/users.js', 'direct.saveAll')} api/missing-member saveAll`,
    ]);
  });

  it('leaves expando properties alone, in the file that assigns them and in others', () => {
    expect(memberAndArity(findings, 'errors.js')).toEqual([
      `${lineOf('errors.js', 'reported.messagee')} api/missing-member messagee`,
    ]);
  });

  it('trusts JSDoc in a file that opts into checking with // @ts-check', () => {
    expect(memberAndArity(findings, 'checked.js')).toEqual([
      `${lineOf('checked.js', 'document.savv')} api/missing-member savv`,
    ]);
  });

  it('reports nothing else anywhere in the project', () => {
    expect(findings.map((finding) => `${finding.file} ${finding.ruleId}`).sort()).toEqual([
      'checked.js api/missing-member',
      'errors.js api/missing-member',
      'models/user.js api/missing-member',
      'models/user.js api/missing-member',
      'services/users.js api/missing-member',
    ]);
  });
});
