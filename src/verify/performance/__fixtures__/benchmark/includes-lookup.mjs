// Finds the shared ids of two lists with includes inside filter: quadratic.
const size = Number(process.argv[2] ?? 4000);
const left = Array.from({ length: size }, (_, index) => index * 2);
const right = Array.from({ length: size }, (_, index) => index * 3);
const started = performance.now();
const shared = left.filter((value) => right.includes(value));
console.log(`shared ${shared.length}`);
console.log(`baton-benchmark-ms: ${performance.now() - started}`);
