import { BatonError } from '../core/errors.js';

/**
 * The API key from config, else from the environment; when both are empty the error names both
 * places, because a user who set one of them in the wrong place needs to see the other.
 */
export function loadApiKey(input: {
  configured: string | undefined;
  environmentVariable: string;
  env: Readonly<Record<string, string | undefined>>;
  configKey: string;
  providerName: string;
}): string {
  if (input.configured) return input.configured;
  const fromEnvironment = input.env[input.environmentVariable];
  if (fromEnvironment) return fromEnvironment;
  throw new BatonError({
    code: 'PROVIDER_KEY_MISSING',
    message: `No API key for ${input.providerName}: neither ${input.configKey} in the config nor the ${input.environmentVariable} environment variable is set.`,
    hint: `Export ${input.environmentVariable}=… (or put it in .env), or set ${input.configKey} in baton.config.ts.`,
    details: { configKey: input.configKey, environmentVariable: input.environmentVariable },
  });
}
