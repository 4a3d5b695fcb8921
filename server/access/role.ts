import { registerEnumType } from 'type-graphql';

/** What a token may do; the policy table (policy.ts) says which operations and fields each role reaches. */
export const Role = {
  ADMIN: 'ADMIN',
  FINANCE: 'FINANCE',
  ANALYST: 'ANALYST',
  CASE_MANAGER: 'CASE_MANAGER',
  BOARD: 'BOARD',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role);
registerEnumType(Role, {
  name: 'Role',
  description:
    'ADMIN: everything, every partnership, tokens and the audit log. FINANCE: finance data of its partnerships, read and write. ' +
    'ANALYST: reads aggregates and pseudonymous nominal-level data, no identities, no finance writes. CASE_MANAGER: cohort records and ' +
    'identities of its own partnerships\' nominals. BOARD: saved reports and aggregates, every count rounded to base 5 and the figures built on counts worked out from the rounded ones.',
});

/** `case-manager` (command line) or `CASE_MANAGER` → the role; anything else is undefined. */
export function parseRole(text: string): Role | undefined {
  const name = text.trim().toUpperCase().replace(/-/g, '_');
  return ROLES.find((role) => role === name);
}

/** The command-line spelling: `case-manager`. */
export function roleName(role: Role): string {
  return role.toLowerCase().replace(/_/g, '-');
}

/** "A board token", "An analyst token": the start of a sentence about a token of this role. */
export function aTokenOf(role: Role): string {
  const name = roleName(role);
  return `${/^[aeiou]/.test(name) ? 'An' : 'A'} ${name} token`;
}
