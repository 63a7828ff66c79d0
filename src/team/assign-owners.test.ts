import { describe, expect, it } from 'vitest';
import { resolveTeamPerson } from '../core/index.js';
import { assignOwners, type ComponentToStaff } from './assign-owners.js';
import type { TeamMember } from './roster.js';

const member = (name: string, role: TeamMember['role'], capacityHours = 40): TeamMember => ({
  ...resolveTeamPerson({ name, role, capacityHours }),
  source: 'config',
});

const component = (id: string, extra: Partial<ComponentToStaff> = {}): ComponentToStaff => ({
  id,
  title: id,
  verdict: 'orchestrate',
  reasons: [],
  estimateHours: 2,
  declaredRole: undefined,
  owner: undefined,
  ...extra,
});

describe('assigning owners', () => {
  const people = [
    member('Ada', 'senior', 10),
    member('Ben', 'mid', 10),
    member('Cy', 'mid', 10),
    member('Jo', 'junior', 4),
  ];

  it('routes risky work to a senior, standard features to a mid and only unflagged orchestrate work to a junior', () => {
    const result = assignOwners({
      components: [
        component('auth', {
          verdict: 'orchestrate+verify',
          reasons: ['security-sensitive'],
          estimateHours: 3,
        }),
        component('rules', {
          verdict: 'write-directly',
          reasons: ['domain-specific-logic'],
          estimateHours: 3,
        }),
        component('form', { estimateHours: 2 }),
        component('legacy', {
          verdict: 'orchestrate+verify',
          reasons: ['legacy-integration'],
          estimateHours: 4,
        }),
      ],
      people,
      openHours: new Map([['Ben', 6]]),
    });
    expect(result.map((assignment) => [assignment.componentId, assignment.owner])).toEqual([
      ['auth', 'Ada'],
      ['rules', 'Cy'],
      ['form', 'Jo'],
      ['legacy', 'Ada'],
    ]);
    expect(result[0]?.explanation).toContain('orchestrate+verify for security-sensitive: senior work');
    // Ben has 4 of 10 hours free after his open components, Cy 10: Cy takes it.
    expect(result[1]?.explanation).toContain('Cy (mid-level) had 10 h of 10 h free');
    expect(result[2]?.explanation).toContain('orchestrate with no risk flag: simple enough for a junior');
  });

  it('says which components cannot be staffed, and why', () => {
    const result = assignOwners({
      components: [
        component('crypto', { verdict: 'write-directly', reasons: ['novel-algorithm'], estimateHours: 8 }),
        component('perf', {
          verdict: 'orchestrate+verify',
          reasons: ['performance-critical'],
          estimateHours: 4,
        }),
        component('x', { declaredRole: 'senior', estimateHours: undefined }),
      ],
      people: [member('Ada', 'senior', 10), member('Jo', 'junior')],
      openHours: new Map(),
    });
    expect(result.map((assignment) => assignment.owner)).toEqual(['Ada', undefined, 'Ada']);
    expect(result[1]?.explanation).toBe(
      'cannot staff: orchestrate+verify for performance-critical: senior work, and every senior is at capacity for its 4 h: Ada has 2 h of 10 h free',
    );
    expect(result[2]?.explanation).toContain('the plan asks for at least a senior (ownerRole)');
    expect(result[2]?.explanation).toContain('(no estimate: counted as 2 h)');
    const noSenior = assignOwners({
      components: [component('auth', { verdict: 'orchestrate+verify', reasons: ['security-sensitive'] })],
      people: [member('Ben', 'mid')],
      openHours: new Map(),
    });
    expect(noSenior[0]?.explanation).toContain('and no senior on the team');
  });

  it('keeps owners the plan names when the rules allow them, and replaces those they do not', () => {
    const result = assignOwners({
      components: [
        component('form', { owner: 'ben' }),
        component('auth', { verdict: 'orchestrate+verify', reasons: ['security-sensitive'], owner: 'Jo' }),
        component('api', { owner: 'Zed', verdict: 'orchestrate+verify', reasons: ['domain-specific-logic'] }),
      ],
      people,
      openHours: new Map(),
    });
    expect(result.map((assignment) => [assignment.owner, assignment.kept])).toEqual([
      ['Ben', true],
      ['Ada', false],
      ['Cy', false],
    ]);
    expect(result[1]?.explanation).toContain("the plan's owner Jo is a junior");
    expect(result[2]?.explanation).toContain('the plan\'s owner "Zed" is not on the team');
    const fresh = assignOwners({
      components: [component('form', { owner: 'Ben' })],
      people,
      openHours: new Map(),
      reassign: true,
    });
    expect(fresh[0]?.owner).toBe('Jo');
  });
});
