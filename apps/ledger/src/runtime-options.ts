// How the ledger process is launched (scripts/start.ts, the benchmark, docker-compose.yml). A
// young generation of 2 × 32 MB instead of V8's default for this much memory (2 × 64 MB) cut the
// ledger's CPU per event by about 8 % in the sustained benchmark: scavenges of a smaller nursery
// stay in cache (docs/benchmarks.md). V8 flags are process-wide, so the validation workers get it too.
export const LEDGER_NODE_OPTIONS = '--max-semi-space-size=32';
