/**
 * The witness's memory on PostgreSQL: per (witness, origin) the latest checkpoint it cosigned
 * (table witness_checkpoints), advanced only by compare-and-swap on tree_size so two concurrent
 * add-checkpoint requests can never both win and the size never goes down; and the evidence of
 * every equivocation it saw (table equivocation_reports, append-only).
 */
import type { PrismaService } from '@borderledger/data';
import { inSpan } from '@borderledger/telemetry';
import type { WitnessRecord, WitnessStateStore } from '@borderledger/merkle-log';

export interface EquivocationEvidence {
  readonly origin: string;
  readonly treeSize: number;
  /** The signed checkpoint this witness cosigned for that size. */
  readonly knownNote: string;
  /** The other signed checkpoint of the same size. */
  readonly offeredNote: string;
}

export interface WitnessEvidenceStore {
  /** Records the evidence once; returns false when the same evidence was already on file. */
  reportEquivocation(evidence: EquivocationEvidence): Promise<boolean>;
}

export class PrismaWitnessStateStore implements WitnessStateStore, WitnessEvidenceStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly witness: string,
  ) {}

  get(origin: string): Promise<WitnessRecord | undefined> {
    return inSpan('witness.state.get', async () => {
      const row = await this.prisma.witnessCheckpoint.findUnique({ where: { witness_origin: { witness: this.witness, origin } } });
      if (!row) return undefined;
      return { origin, size: Number(row.treeSize), rootHash: new Uint8Array(row.rootHash), checkpointNote: row.note };
    });
  }

  /**
   * One statement, so the check of the expected size and the write are atomic in PostgreSQL:
   * the row lock of UPDATE (or the unique key of INSERT) serialises racing requests and the
   * loser's WHERE no longer matches.
   */
  compareAndSwap(origin: string, expectedSize: number, next: WitnessRecord): Promise<boolean> {
    return inSpan('witness.state.compare-and-swap', async () => {
      if (next.size < expectedSize) return false; // never backwards, whatever the caller asks
      const size = BigInt(next.size);
      const expected = BigInt(expectedSize);
      const root = Buffer.from(next.rootHash);
      const changed =
        expectedSize === 0
          ? await this.prisma.$executeRaw`
              INSERT INTO witness_checkpoints (witness, origin, tree_size, root_hash, note, updated_at)
              VALUES (${this.witness}, ${origin}, ${size}, ${root}, ${next.checkpointNote}, now())
              ON CONFLICT (witness, origin) DO UPDATE
                SET tree_size = EXCLUDED.tree_size, root_hash = EXCLUDED.root_hash, note = EXCLUDED.note, updated_at = now()
                WHERE witness_checkpoints.tree_size = 0`
          : await this.prisma.$executeRaw`
              UPDATE witness_checkpoints
                 SET tree_size = ${size}, root_hash = ${root}, note = ${next.checkpointNote}, updated_at = now()
               WHERE witness = ${this.witness} AND origin = ${origin} AND tree_size = ${expected}`;
      return changed === 1;
    });
  }

  reportEquivocation(evidence: EquivocationEvidence): Promise<boolean> {
    return inSpan('witness.state.report-equivocation', async () => {
      const where = { witness: this.witness, origin: evidence.origin, treeSize: BigInt(evidence.treeSize), offeredNote: evidence.offeredNote };
      // The ledger may retry the same forked checkpoint many times: one row of evidence is enough.
      if (await this.prisma.equivocationReport.findFirst({ where, select: { id: true } })) return false;
      await this.prisma.equivocationReport.create({ data: { ...where, knownNote: evidence.knownNote } });
      return true;
    });
  }
}
