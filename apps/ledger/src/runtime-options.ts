// How the ledger process is launched (scripts/start.ts, the benchmark, docker-compose.yml): V8
// flags on node's command line, where NODE_OPTIONS would refuse --single-threaded-gc.
// - A young generation of 2 × 32 MB instead of V8's default for this much memory (2 × 64 MB) cut
//   the ledger's CPU per event by about 8 %: scavenges of a smaller nursery stay in cache.
// - Garbage collection on the collecting thread alone: on a box whose cores are all busy with the
//   ledger, PostgreSQL and Kafka, V8's parallel GC helper threads only add their coordination
//   cost (about 5 % more events/s without them; docs/benchmarks.md, session 4).
// V8 flags are process-wide, so the validation workers get them too.
export const LEDGER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--single-threaded-gc'];
