import { z } from 'zod';

export const metricsSettingsSchema = z.strictObject({
  /**
   * Hours of a person's recorded time below which `baton report` does not compare their split of
   * time with the article's two profiles: a few minutes of work says nothing about how someone works.
   * @default 2
   */
  minProfileHours: z.number().min(0).optional(),
});

/** `metrics` settings with defaults filled in. */
export interface MetricsSettings {
  minProfileHours: number;
}

export const defaultMinProfileHours = 2;

export function resolveMetricsSettings(config: {
  metrics?: z.infer<typeof metricsSettingsSchema> | undefined;
}): MetricsSettings {
  return { minProfileHours: config.metrics?.minProfileHours ?? defaultMinProfileHours };
}
