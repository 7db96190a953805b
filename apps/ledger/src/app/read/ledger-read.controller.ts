import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type ConsignmentEntriesView, type ConsistencyProofView, type EntryWithProof, LedgerQueries } from './ledger-queries';
import { asProblems, invalid, parseSize } from './read-errors';
import { LedgerReadGuard } from './read-access.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONSIGNMENT_REF = /^[0-9A-Z./-]{1,35}$/;

const sendNote = (response: Response, note: string, cache: string) => {
  response.status(200).setHeader('cache-control', cache).type('text/plain; charset=utf-8').send(note);
};

/**
 * The ledger's read API: envelopes with inclusion proofs, consistency proofs, checkpoints with
 * cosignatures, a consignment's timeline. Payloads are never served here.
 */
@Controller('v1')
@UseGuards(LedgerReadGuard)
@ApiBearerAuth()
@ApiTags('ledger')
export class LedgerReadController {
  constructor(private readonly queries: LedgerQueries) {}

  @Get('entries/:index')
  @ApiOperation({ summary: 'Entry by ledger index, with its inclusion proof against a checkpoint (default: the latest)' })
  @ApiParam({ name: 'index', description: 'ledger index (0-based)' })
  @ApiQuery({ name: 'treeSize', required: false, description: 'size of a stored checkpoint to prove against' })
  entryByIndex(@Param('index') index: string, @Query('treeSize') treeSize?: string): Promise<EntryWithProof> {
    return asProblems(() => this.queries.entryByIndex(parseSize('index', index, { required: true }) as number, parseSize('treeSize', treeSize, { min: 1 })));
  }

  @Get('events/:eventId')
  @ApiOperation({ summary: 'Entry by event id, with its inclusion proof against a checkpoint (default: the latest)' })
  @ApiQuery({ name: 'treeSize', required: false, description: 'size of a stored checkpoint to prove against' })
  entryByEventId(@Param('eventId') eventId: string, @Query('treeSize') treeSize?: string): Promise<EntryWithProof> {
    if (!UUID.test(eventId)) throw invalid([{ path: 'eventId', rule: 'format', message: 'eventId must be a lower-case UUID' }]);
    return asProblems(() => this.queries.entryByEventId(eventId, parseSize('treeSize', treeSize, { min: 1 })));
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes (to defaults to the latest)' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: false })
  consistency(@Query('from') from?: string, @Query('to') to?: string): Promise<ConsistencyProofView> {
    return asProblems(() => this.queries.consistencyProof(parseSize('from', from, { required: true, min: 1 }) as number, parseSize('to', to, { min: 1 })));
  }

  @Get('checkpoints/latest')
  @ApiOperation({ summary: 'Latest signed checkpoint (C2SP tlog-checkpoint note) with the cosignatures received so far' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'signed note', schema: { type: 'string' } })
  async latest(@Res() response: Response): Promise<void> {
    const { note } = await asProblems(() => this.queries.latestCheckpoint());
    sendNote(response, note, 'no-cache');
  }

  @Get('checkpoints/final')
  @ApiOperation({ summary: 'Latest checkpoint cosigned by the witness quorum, with its cosignatures' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'signed note', schema: { type: 'string' } })
  async final(@Res() response: Response): Promise<void> {
    const { note } = await asProblems(() => this.queries.finalCheckpoint());
    sendNote(response, note, 'no-cache');
  }

  @Get('checkpoints/:size')
  @ApiOperation({ summary: 'Signed checkpoint of a given tree size, with its cosignatures' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'signed note', schema: { type: 'string' } })
  async atSize(@Param('size') size: string, @Res() response: Response): Promise<void> {
    const { note } = await asProblems(() => this.queries.checkpointAt(parseSize('size', size, { required: true, min: 1 }) as number));
    // More cosignatures may still arrive for this size: revalidate, but cheaply.
    sendNote(response, note, 'private, max-age=5');
  }

  @Get('consignments/:consignmentRef/entries')
  @ApiOperation({ summary: 'A consignment’s entries in ledger order (envelopes only), paged' })
  @ApiQuery({ name: 'after', required: false, description: 'return entries with an index above this one' })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  @Header('cache-control', 'no-cache')
  consignment(@Param('consignmentRef') consignmentRef: string, @Query('after') after?: string, @Query('limit') limit?: string): Promise<ConsignmentEntriesView> {
    if (!CONSIGNMENT_REF.test(consignmentRef)) {
      throw invalid([{ path: 'consignmentRef', rule: 'pattern', message: 'consignmentRef is 1..35 characters of [0-9A-Z./-]' }]);
    }
    const max = parseSize('limit', limit, { min: 1 }) ?? 100;
    if (max > 1000) throw invalid([{ path: 'limit', rule: 'max', message: 'limit is at most 1000' }]);
    const afterIndex = after === undefined ? -1 : (parseSize('after', after) as number);
    return asProblems(() => this.queries.consignmentEntries(consignmentRef, afterIndex, max));
  }
}
