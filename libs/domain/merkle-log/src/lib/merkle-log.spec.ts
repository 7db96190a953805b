import { merkleLog } from './merkle-log';

describe('merkleLog', () => {
  it('should work', () => {
    expect(merkleLog()).toEqual('merkle-log');
  })
})
