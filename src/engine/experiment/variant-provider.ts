import { BatonError } from '../../core/errors.js';
import type { Provider } from '../../providers/index.js';
import type { ExperimentVariant } from './parse-variants.js';

/** A variant's provider; one the variants file names and the registry does not know is blamed on that variant. */
export function resolveVariantProvider(
  options: { resolveProvider: (id: string) => Provider; providerId: string },
  variant: ExperimentVariant,
  variantsFile: string,
): Provider {
  const id = variant.input.provider ?? options.providerId;
  try {
    return options.resolveProvider(id);
  } catch (error) {
    if (!BatonError.isInstance(error) || variant.input.provider === undefined) throw error;
    throw new BatonError({
      code: error.code,
      message: `${variantsFile}: the variant "${variant.id}" asks for the provider "${id}". ${error.message}`,
      hint: error.hint,
      details: { ...error.details, variantsFile, variant: variant.id },
      cause: error,
    });
  }
}
