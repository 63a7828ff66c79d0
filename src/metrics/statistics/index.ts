export { type BootstrapOptions, bootstrapMeanInterval, mean, quantile, seededRandom } from './bootstrap.js';
export { fisherExactTwoSided, type TwoByTwo } from './fisher-exact.js';
export { holmAdjust } from './holm.js';
export { compareRates, formatP, type RateComparison, type RateCount } from './rate-verdict.js';
export { samplesPerGroupForRates } from './sample-size.js';
export { type Interval, wilsonInterval, z95 } from './wilson-interval.js';
