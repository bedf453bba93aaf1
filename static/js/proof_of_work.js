// The join page's proof of work: the same algorithm as app/proof_of_work.py (the server checks with it).
// Find the first decimal nonce 0, 1, 2, ... such that SHA-256("<salt>:<nonce>") starts with `bits`
// zero bits. The salt plus nonce always fits one SHA-256 block, so this is a one-block SHA-256.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);  // signed: V8 keeps these as small integers, not doubles
const block = new Uint8Array(64);

let out0 = 0, out1 = 0;  // the first two digest words of the last hash

// SHA-256 padding after a message of `length` bytes (<= 55) in `block`.
function pad(length) {
  block[length] = 0x80;
  block.fill(0, length + 1, 60);
  const bitLength = length * 8;
  block[60] = bitLength >>> 24; block[61] = bitLength >>> 16; block[62] = bitLength >>> 8; block[63] = bitLength;
}

// SHA-256 of the padded message in `block`; returns all eight digest words when `all`, else leaves
// only the first two in out0/out1 (all a proof looks at, and no allocation).
function digest(all) {
  for (let i = 0; i < 16; i++) {
    W[i] = (block[4 * i] << 24) | (block[4 * i + 1] << 16) | (block[4 * i + 2] << 8) | block[4 * i + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15], y = W[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = H0[0], b = H0[1], c = H0[2], d = H0[3], e = H0[4], f = H0[5], g = H0[6], h = H0[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  out0 = (a + H0[0]) >>> 0;
  out1 = (b + H0[1]) >>> 0;
  if (!all) return null;
  return [a, b, c, d, e, f, g, h].map((v, i) => (v + H0[i]) >>> 0);
}

// Leading zero bits of a digest given as 32-bit words.
export function leadingZeroBits(words) {
  let bits = 0;
  for (const w of words) {
    if (w) return bits + Math.clz32(w);
    bits += 32;
  }
  return bits;
}

// Put "<salt>:<nonce>" into the block; returns its length.
function load(salt, nonce) {
  for (let i = 0; i < salt.length; i++) block[i] = salt.charCodeAt(i) & 0x7f;
  block[salt.length] = 58;  // ":"
  const digits = String(nonce);
  for (let i = 0; i < digits.length; i++) block[salt.length + 1 + i] = digits.charCodeAt(i);
  const length = salt.length + 1 + digits.length;
  pad(length);
  return length;
}

// The SHA-256 digest words of "<salt>:<nonce>" (for the tests that compare with Python).
export function sha256Words(salt, nonce) {
  load(salt, nonce);
  return digest(true);
}

function enoughZeros(bits) {
  if (bits <= 32) return bits === 0 || out0 >>> (32 - bits) === 0;
  return out0 === 0 && (bits >= 64 ? out1 === 0 : out1 >>> (64 - bits) === 0);
}

// Whether `nonce` proves `bits` of work for `salt`.
export function isSolution(salt, bits, nonce) {
  return leadingZeroBits(sha256Words(salt, nonce)) >= bits;
}

// The first nonce (as a decimal string) proving `bits` of work for `salt`. Counts in the block's
// ASCII digits (the same order as 0, 1, 2, ...) and works in slices of about 30 ms, yielding between
// them so the page stays responsive while the phone types.
export async function solve(salt, bits) {
  let nonce = 0;
  for (;;) {
    let length = load(salt, nonce);  // again after each pause: another solve may have used the block
    const start = salt.length + 1;
    const until = performance.now() + 30;
    while (performance.now() < until) {
      for (let i = 0; i < 4000; i++, nonce++) {
        digest(false);
        if (enoughZeros(bits)) return String(nonce);
        let j = length - 1;  // nonce + 1, in place
        while (j >= start && block[j] === 57) block[j--] = 48;
        if (j >= start) block[j]++;
        else { block[start] = 49; block.fill(48, start + 1, length + 1); pad(++length); }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
