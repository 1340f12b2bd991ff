// A readable BigInt transcription of the wasm generator (xoshiro256** seeded by splitmix64 from
// (seed, index)), used only to test that the kernel computes the documented stream. Slow by design.

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;

export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

export function streamStateReference(seed: number, index: number): bigint[] {
  let key = (mix64(BigInt(seed)) + (BigInt(index) + 1n) * GOLDEN) & MASK;
  key = mix64(key);
  const s: bigint[] = [];
  for (let k = 0; k < 4; k++) {
    key = (key + GOLDEN) & MASK;
    s.push(mix64(key));
  }
  return s;
}

export function xoshiroReference(s: bigint[], n: number): bigint[] {
  s = s.slice();
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    out.push((rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK);
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
  }
  return out;
}
