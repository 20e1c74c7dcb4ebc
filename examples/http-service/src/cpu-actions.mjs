// The CPU-heavy action of the service, in plain JavaScript so that a worker thread can import
// it as is (src/action-module.ts registers it in a worker pool, or inline for comparison).

/** FNV-1a over `rounds` bytes: pure computation, about 100 ms for 80 million rounds on the machine of this repository. */
export function checksum({ rounds }) {
  let hash = 2166136261;
  for (let i = 0; i < rounds; i++) {
    hash ^= i & 0xff;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return { rounds, checksum: hash.toString(16) };
}
