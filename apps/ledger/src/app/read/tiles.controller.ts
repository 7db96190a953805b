import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LedgerQueries } from './ledger-queries';
import { asProblems } from './read-errors';
import { LedgerReadGuard } from './read-access.guard';

/**
 * C2SP tlog-tiles, served from the tree-node table: `/checkpoint`, `/tile/<L>/<N>[.p/<W>]`,
 * `/tile/entries/<N>[.p/<W>]`. A tile's bytes never change once it exists (a partial tile is a
 * prefix of the full one and keeps its own path), so tiles are immutable for caches; `private`
 * because the reader authenticated.
 */
@Controller()
@UseGuards(LedgerReadGuard)
@ApiBearerAuth()
@ApiTags('tlog-tiles')
export class TilesController {
  constructor(private readonly queries: LedgerQueries) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'tlog-tiles checkpoint: the latest signed checkpoint with cosignatures' })
  @ApiProduces('text/plain')
  async checkpoint(@Res() response: Response): Promise<void> {
    const { note } = await asProblems(() => this.queries.latestCheckpoint());
    response.status(200).setHeader('cache-control', 'no-cache').type('text/plain; charset=utf-8').send(note);
  }

  @Get('tile/*path')
  @ApiOperation({ summary: 'tlog-tiles hash tile (tile/<L>/<N>[.p/<W>]) or entry bundle (tile/entries/<N>[.p/<W>])' })
  @ApiProduces('application/octet-stream')
  async tile(@Param('path') path: string | string[], @Res() response: Response): Promise<void> {
    const joined = Array.isArray(path) ? path.join('/') : path;
    const { bytes } = await asProblems(() => this.queries.tile(`tile/${joined}`));
    response
      .status(200)
      .setHeader('cache-control', 'private, max-age=31536000, immutable')
      .type('application/octet-stream')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}
