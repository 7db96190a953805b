import type { RegistryView } from '@borderledger/participants';
import type { SigningKeyLookup } from '../submission/event-item';
import type { NodeKeystore } from './node-keystore';

/**
 * The key a node signs with for a participant: the participant's newest key that the registry
 * says is valid now, if this node's keystore holds it. After a rotation the operator installs
 * the new key file and restarts the node; until then custodial submissions are refused, never
 * signed with a retired key.
 */
export function custodialKeyLookup(keystore: NodeKeystore | undefined, registry: RegistryView): (participantId: string, at: Date) => SigningKeyLookup {
  return (participantId, at) => {
    if (!keystore || keystore.size === 0) return { ok: false, reason: 'this node holds no custodial keys (NODE_KEYSTORE_DIR is not set or empty)' };
    const current = registry.signingKeyAt(participantId, at);
    if (!current) return { ok: false, reason: `${participantId} has no registered key valid now` };
    const key = keystore.get(current.keyId);
    if (!key || key.participantId !== participantId) return { ok: false, reason: `this node does not hold ${participantId}'s current key ${current.keyId}` };
    return { ok: true, key };
  };
}
