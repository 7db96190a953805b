import { type AddCheckpointRequest, MerkleLogError, parseAddCheckpointRequest, peekCheckpoint } from '@borderledger/merkle-log';

/** The body is not a tlog-witness add-checkpoint request (HTTP 400). */
export class MalformedAddCheckpointError extends Error {
  override readonly name = 'MalformedAddCheckpointError';
  readonly code = 'malformed-request';
}

/** One add-checkpoint request, parsed strictly when it is created (c2sp.org/tlog-witness). */
export class AddCheckpointCommand {
  private constructor(
    readonly request: AddCheckpointRequest,
    /** Origin line of the submitted checkpoint (not yet verified). */
    readonly origin: string,
  ) {}

  static fromBody(body: string | Uint8Array): AddCheckpointCommand {
    try {
      const request = parseAddCheckpointRequest(body);
      return new AddCheckpointCommand(request, peekCheckpoint(request.checkpointNote).checkpoint.origin);
    } catch (e) {
      if (e instanceof MerkleLogError) throw new MalformedAddCheckpointError(e.message);
      throw e;
    }
  }
}
