// @borderledger/node-crypto: Node's native cryptography behind the pure domain libraries'
// interfaces — node:crypto SHA-256 installed into them, and an Ed25519 verifier that accepts
// exactly what their strict pure-JS verifier accepts, ~20× faster.
export { useNativeHashing } from './lib/native-hashing';
export { createNodeEd25519Verifier, isCanonicalPointEncoding } from './lib/node-ed25519';
