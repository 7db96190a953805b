import { localStack } from './local-stack';

describe('localStack', () => {
  it('should work', () => {
    expect(localStack()).toEqual('local-stack');
  })
})
