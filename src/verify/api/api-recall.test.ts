import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { verify } from '../verify.js';
import { fakeManifest, fakePackages } from './__fixtures__/fake-packages.js';

const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    allowJs: true,
    types: [],
  },
  include: ['src'],
});

const files: Record<string, string> = {
  ...fakePackages,
  'package.json': fakeManifest.replace('"private":true', '"private":true,"type":"module"'),
  'tsconfig.json': tsconfig,
  'src/deploy.ts': `import { Command } from 'cli-kit';

class Deploy extends Command {
  run(): string {
    this.option('--dry-run');
    this.optionn('--force'); // missing: optionn
    return this.name();
  }
}

class Release extends Deploy {}

const deploy = new Deploy('deploy');
deploy.parse();
deploy.parze(); // missing: parze
new Release().opts();
new Release().optz(); // missing: optz
new Command().action((command) => {
  command.opts();
  command.optionz('--x'); // missing: optionz
});
export { deploy };
`,
  'src/server.js': `import express from 'express';
import { Command } from 'cli-kit';

const app = express();
app.get('/', (request, response) => {
  response.status(200).send(request.params.id);
  response.sendd('hello'); // missing: sendd
});
app.use((request, response, next) => {
  response.jsn({}); // missing: jsn
  next();
});
app.listen(3000, () => {}, 'extra'); // arity: listen

class Serve extends Command {
  start() {
    this.port = 3000;
    this.option('--port', String(this.port));
    this.optoin('--host'); // missing: optoin
  }
  parse(argv) {
    super.pars(argv); // missing: pars
    return super.parse(argv);
  }
}
new Command().action((command) => command.nam()); // missing: nam
new Serve().start();
new Command().configure({ sort: true, term: (command) => command.nme() }); // missing: nme
new Command().list().then((commands) => commands.lenght); // missing: lenght
for (const command of await new Command().list()) command.parze(); // missing: parze
new Command().action(function () { this.opts(); this.optz(); }); // missing: optz
`,
};

function expected(): string[] {
  const lines: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (!file.startsWith('src/')) continue;
    for (const [index, line] of text.split('\n').entries()) {
      const label = /\/\/ (missing|arity): (\w+)/.exec(line);
      if (label)
        lines.push(
          `${file}:${index + 1} ${label[1] === 'missing' ? 'api/missing-member' : 'api/wrong-arity'}`,
        );
    }
  }
  return lines.sort();
}

const found = (findings: readonly Finding[]) =>
  findings.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`).sort();

describe('the api check finds library mistakes behind subclasses, callbacks and @types', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({ files, linkNodeModules: false });
  });
  afterAll(() => project.remove());

  it('labels the subclass, callback and @types cases', () => {
    expect(expected()).toHaveLength(14);
  });

  // The native compiler's diagnostics are explained from syntax once the deprecated-name cache is
  // warm; members on `this`, subclass instances and callback parameters then need the type checker.
  const modes = [
    ['TypeScript API only', 'off'],
    ['native compiler, cold cache', 'auto'],
    ['native compiler, warm cache', 'auto'],
  ] as const;
  for (const [label, nativeCompiler] of modes) {
    it(`reports each of them and nothing else (${label})`, async () => {
      const report = await verify({ root: project.root, checks: ['api'], nativeCompiler });
      expect(found(report.findings)).toEqual(expected());
    });
  }

  it('names the package a JavaScript response was checked against', async () => {
    const report = await verify({ root: project.root, checks: ['api'], nativeCompiler: 'off' });
    const sendd = report.findings.find((finding) => finding.message.includes('"sendd"'));
    expect(sendd?.checkedAgainst).toBe('express@5.1.0 (types: @types/express@5.0.3)');
    expect(sendd?.suggestion).toBe('send');
  });
});
