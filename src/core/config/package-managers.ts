/** Package managers Baton recognises; apart from the config schema so that detection loads no zod. */
export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof packageManagers)[number];
