import { describe, expect, it } from 'vitest';
import { findingLocation, ruleLabel } from './finding-cells.js';

describe('a finding on the dashboard', () => {
  it('shows its rule id once, and no location for a finding about the whole project', () => {
    const projectWide = { checkId: 'api', ruleId: 'api/unknown-package', file: '.', line: 1, column: 1 };
    expect(ruleLabel(projectWide)).toBe('api/unknown-package');
    expect(findingLocation(projectWide)).toBe('');
    expect(findingLocation({ ...projectWide, file: null })).toBe('');
    const inFile = { checkId: 'types', ruleId: 'TS2339', file: 'src/a.ts', line: 3, column: 7 };
    expect(ruleLabel(inFile)).toBe('types/TS2339');
    expect(findingLocation(inFile)).toBe('src/a.ts:3:7');
    expect(findingLocation({ ...inFile, line: null })).toBe('src/a.ts');
  });
});
