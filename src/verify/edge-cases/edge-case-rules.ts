/** Rule ids of the edge-cases check; each is documented in docs/verify.md. */
export const edgeCaseRules = {
  untraced: 'edge-cases/untraced',
  testFailed: 'edge-cases/test-failed',
  traced: 'edge-cases/traced',
  testsNotRun: 'edge-cases/tests-not-run',
  fuzzCrash: 'edge-cases/fuzz-crash',
  fuzzTimeout: 'edge-cases/fuzz-timeout',
  fuzzFailed: 'edge-cases/fuzz-failed',
  couldNotRun: 'edge-cases/could-not-run',
} as const;
