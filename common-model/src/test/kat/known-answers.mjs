// Independent computation of the known-answer vectors of docs/PROTOCOL.md §7.9, from the spec's
// formulas (§2, §3.4, §7.1, §7.2) alone: no code of this repository, another Keccak-256
// implementation (@noble/hashes, JavaScript) and BigInt arithmetic. KnownAnswerTest pins its output.
//
//   cd "$(mktemp -d)" && npm init -y >/dev/null && npm install @noble/hashes@1.8.0 \
//     && cp /path/to/common-model/src/test/kat/known-answers.mjs . && node known-answers.mjs
import { keccak_256 } from '@noble/hashes/sha3';

const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n; // BN254 r
const hex = (b) => '0x' + Buffer.from(b).toString('hex');
const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const big = (b) => BigInt(hex(b));
const fr32 = (n) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex'); // Fr: 32 bytes big-endian
const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
const ascii = (s) => Buffer.from(s, 'ascii');
const reduce = (h) => fr32(big(h) % P); // §2: reduce(h) = h mod p
const H = (l, r) => reduce(keccak_256(cat(l, r))); // §2
const Hlist = (xs) => reduce(keccak_256(cat(u32(xs.length), ...xs))); // §2

// §7.1: Z_0 = 0, Z_h = H(Z_{h-1}, Z_{h-1})
const Z = [fr32(0n)];
for (let h = 1; h <= 32; h++) Z.push(H(Z[h - 1], Z[h - 1]));
// root of a depth-32 tree whose only filled leaf is leaf 0
const rootWithLeaf0 = (leaf) => { let n = leaf; for (let h = 0; h < 32; h++) n = H(n, Z[h]); return n; };

const x = Buffer.from('11'.repeat(20), 'hex');
const balanceKey = (a) => reduce(keccak_256(cat(ascii('balance'), a))); // §7.1
const nonceKey = (a) => reduce(keccak_256(cat(ascii('nonce'), a)));
const storageKey = (a, s) => reduce(keccak_256(cat(ascii('storage'), a, fr32(s))));
const nullifier = (a, nonce) => reduce(keccak_256(cat(a, u64(nonce))));

// §7.2 genesis(31337, 1, {x: 1000}): one public data leaf H(balanceKey(x), 1000) at index 0
const publicDataRoot = rootWithLeaf0(H(balanceKey(x), fr32(1000n)));
const snapshot = (root, size) => cat(root, u64(size)); // TreeSnapshot (40)
const globals = cat(u64(31337), u64(1), u64(0), u64(0), u64(0), Buffer.alloc(20), Buffer.alloc(20),
  u64(0), u64(0)); // GlobalVariables (96)
const header = cat(snapshot(Z[32], 0), snapshot(Z[32], 0), snapshot(Z[32], 0), snapshot(publicDataRoot, 1),
  globals, Hlist([]), u64(0)); // BlockHeader (296), §3.4
if (header.length !== 296) throw new Error('header is ' + header.length + ' bytes');
const headerHash = reduce(keccak_256(header));

const out = {
  'keccak256("")': hex(keccak_256(new Uint8Array())),
  'Z_1 = H(0, 0)': hex(Z[1]),
  'Z_32': hex(Z[32]),
  'H_list()': hex(Hlist([])),
  'balance key of x': hex(balanceKey(x)),
  'nonce key of x': hex(nonceKey(x)),
  'storage key of x, slot 1': hex(storageKey(x, 1n)),
  'nullifier(x, 0)': hex(nullifier(x, 0)),
  'genesis public data root': hex(publicDataRoot),
  'genesis header hash': hex(headerHash),
  'archive root after genesis': hex(rootWithLeaf0(headerHash)),
};
for (const [k, v] of Object.entries(out)) console.log(k.padEnd(28), v);
