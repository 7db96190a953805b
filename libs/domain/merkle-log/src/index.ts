// Public API of @borderledger/merkle-log: RFC 9162 Merkle log, C2SP signed
// notes, checkpoints, cosignatures, witness rules and tiles. Pure domain code.
export { MerkleLogError, type MerkleLogErrorCode } from './lib/errors';
export {
  base64Decode,
  base64Encode,
  bytesEqual,
  bytesToHex,
  concatBytes,
  hexToBytes,
  utf8Decode,
  utf8Encode,
} from './lib/bytes';
export * from './lib/hash';
export {
  MAX_LEVEL,
  compactRange,
  nodeEnd,
  nodeKey,
  nodeStart,
  type NodeId,
  type StoredNode,
} from './lib/node-id';
export * from './lib/tree-state';
export * from './lib/proof';
export * from './lib/memory-hash-store';
export * from './lib/note';
export * from './lib/checkpoint';
export * from './lib/cosignature';
export * from './lib/witness';
export * from './lib/tiles';
