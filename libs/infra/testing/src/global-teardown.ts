/** Stops the stack only if this Jest run started it (and BORDERLEDGER_KEEP_STACK is not set). */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__BORDERLEDGER_STACK__;
  if (!stack || process.env['BORDERLEDGER_KEEP_STACK']) return;
  globalThis.__BORDERLEDGER_STACK__ = undefined;
  await stack.stop();
}
