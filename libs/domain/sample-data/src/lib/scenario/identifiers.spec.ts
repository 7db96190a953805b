import { UUID_V7_PATTERN } from '@borderledger/events';
import { Sfc32 } from '../random/prng';
import { airWaybillNumber, imoNumber, isoSeconds, uuidV7 } from './identifiers';

describe('identifiers', () => {
  it('formats IATA air waybill numbers with the modulus-7 check digit', () => {
    expect(airWaybillNumber('020', 1234567)).toBe('020-12345675');
    expect(airWaybillNumber('906', 7)).toBe('906-00000070');
  });

  it('makes IMO numbers whose check digit holds', () => {
    const random = Sfc32.fromString('imo');
    for (let i = 0; i < 200; i++) {
      const imo = imoNumber(random);
      expect(imo).toMatch(/^IMO[1-9]\d{6}$/);
      const d = imo.slice(3).split('').map(Number);
      expect(d.slice(0, 6).reduce((s, x, j) => s + x * (7 - j), 0) % 10).toBe(d[6]);
    }
  });

  it('makes UUIDv7 event ids carrying the timestamp', () => {
    const random = Sfc32.fromString('uuid');
    const at = Date.parse('2026-01-05T08:30:00Z');
    const id = uuidV7(at, random);
    expect(id).toMatch(UUID_V7_PATTERN);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(uuidV7(at, random)).not.toBe(id);
  });

  it('prints RFC 3339 whole seconds in UTC, across day boundaries', () => {
    for (const iso of ['2026-01-05T00:00:00Z', '2026-01-05T23:59:59Z', '2026-01-06T00:00:01Z', '2024-02-29T12:34:56Z', '1999-12-31T23:59:59Z']) {
      expect(isoSeconds(Date.parse(iso))).toBe(iso);
    }
    expect(isoSeconds(Date.parse('2026-01-05T08:30:00.999Z'))).toBe('2026-01-05T08:30:00Z');
  });
});
