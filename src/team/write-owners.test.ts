import { describe, expect, it } from 'vitest';
import { writeOwners } from './write-owners.js';

describe('writing owners into a plan', () => {
  it('adds owner after each id at its indentation and changes nothing else', () => {
    const text = `# the team's plan
version: 1
feature: { name: Preferences }   # inline mapping stays inline
components:
  # the schema first
  - id: schema   # keep this comment
    title: "Schema"
    files: [migrations/*.sql]
  -   title: API
      id: api
      files:
        - src/api.ts
  - { id: form, title: Form, files: [web/form.tsx] }
`;
    const written = writeOwners(
      text,
      new Map([
        ['schema', 'Ada'],
        ['api', 'Ben Ali'],
        ['form', 'yes'],
      ]),
      'plan.yaml',
    );
    expect(written).toBe(`# the team's plan
version: 1
feature: { name: Preferences }   # inline mapping stays inline
components:
  # the schema first
  - id: schema   # keep this comment
    owner: Ada
    title: "Schema"
    files: [migrations/*.sql]
  -   title: API
      id: api
      owner: Ben Ali
      files:
        - src/api.ts
  - { id: form, owner: "yes", title: Form, files: [web/form.tsx] }
`);
  });

  it('replaces an owner in place, inside Markdown front matter, keeping CRLF line ends', () => {
    const text =
      '---\r\nfeature:\r\n  name: X\r\ncomponents:\r\n  - id: a\r\n    owner: Zed # was\r\n    title: A\r\n  - id: b\r\n    title: B\r\n---\r\n# Brief\r\nid: not yaml\r\n';
    const written = writeOwners(
      text,
      new Map([
        ['a', 'Ada'],
        ['b', 'Grace'],
      ]),
      'plan.md',
    );
    expect(written).toBe(
      '---\r\nfeature:\r\n  name: X\r\ncomponents:\r\n  - id: a\r\n    owner: Ada # was\r\n    title: A\r\n  - id: b\r\n    owner: Grace\r\n    title: B\r\n---\r\n# Brief\r\nid: not yaml\r\n',
    );
  });

  it('refuses a file without a components list', () => {
    expect(() => writeOwners('feature: {name: x}\n', new Map([['a', 'Ada']]), 'plan.yaml')).toThrow(
      /no `components` list/,
    );
  });
});
