import { PartitionLane } from './partition-lane';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionLane', () => {
  it('handles batches one at a time, in the order they were queued', async () => {
    const lane = new PartitionLane(3, () => undefined);
    const log: string[] = [];
    const batch = (offset: string, ms: number) => ({
      firstOffset: offset,
      run: async () => {
        log.push(`start ${offset}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${offset}`);
      },
    });
    lane.offer(batch('0', 20));
    lane.offer(batch('10', 1));
    lane.offer(batch('20', 5));
    await lane.idle();
    expect(log).toEqual(['start 0', 'end 0', 'start 10', 'end 10', 'start 20', 'end 20']);
  });

  it('makes the fetch loop wait while `depth` batches are queued', async () => {
    const lane = new PartitionLane(2, () => undefined);
    let release = () => undefined as void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    lane.offer({ firstOffset: '0', run: () => blocked });
    lane.offer({ firstOffset: '1', run: async () => undefined });
    let roomFound = false;
    void lane.room().then(() => (roomFound = true));
    await tick();
    expect(roomFound).toBe(false);
    release();
    await lane.idle();
    await tick();
    expect(roomFound).toBe(true);
  });

  it('after a failure drops the batches queued behind it, rewinds, and only takes the redelivery from that offset', async () => {
    const rewinds: string[] = [];
    const lane = new PartitionLane(3, (offset) => rewinds.push(offset));
    const ran: string[] = [];
    lane.offer({ firstOffset: '0', run: async () => void ran.push('0') });
    lane.offer({
      firstOffset: '10',
      run: async () => {
        throw new Error('database down');
      },
    });
    lane.offer({ firstOffset: '20', run: async () => void ran.push('20') });
    await lane.idle();
    expect(ran).toEqual(['0']);
    expect(rewinds).toEqual(['10']);
    // Fetched before the rewind took effect: refused, whenever it comes.
    expect(lane.offer({ firstOffset: '20', run: async () => void ran.push('20 early') })).toBe(false);
    expect(lane.backoffMs()).toBe(100);
    expect(lane.offer({ firstOffset: '10', run: async () => void ran.push('10') })).toBe(true);
    expect(lane.offer({ firstOffset: '20', run: async () => void ran.push('20') })).toBe(true);
    await lane.idle();
    expect(ran).toEqual(['0', '10', '20']);
    expect(lane.backoffMs()).toBe(0);
  });

  it('backs off longer with every failure in a row, up to 5 s', async () => {
    const lane = new PartitionLane(1, () => undefined);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      lane.offer({
        firstOffset: '0',
        run: async () => {
          throw new Error('still down');
        },
      });
      await lane.idle();
      waits.push(lane.backoffMs());
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });
});
