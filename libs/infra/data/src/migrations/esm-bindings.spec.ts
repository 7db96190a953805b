import { readFileSync } from 'node:fs';
import { esmBindingsToFunctionBody } from './esm-bindings';

describe('esmBindingsToFunctionBody', () => {
  it('turns exported functions and classes into assignments on exports', () => {
    const body = esmBindingsToFunctionBody('let v = 1;\nexport function get() { return v; }\nexport class Box {}\n');
    const exports: Record<string, unknown> = {};
    new Function('exports', body)(exports);
    expect(Object.keys(exports).sort()).toEqual(['Box', 'get']);
    expect((exports['get'] as () => number)()).toBe(1);
  });

  it('refuses module syntax it does not understand', () => {
    expect(() => esmBindingsToFunctionBody('export const a = 1;\n')).toThrow('unexpected module syntax');
    expect(() => esmBindingsToFunctionBody('import x from "y";\nexport function f() {}\n')).toThrow(
      'unexpected module syntax',
    );
  });

  it('handles the pinned engine’s glue file', () => {
    const glue = readFileSync(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'), 'utf8');
    const exports: Record<string, unknown> = {};
    new Function('exports', esmBindingsToFunctionBody(glue))(exports);
    expect(typeof exports['SchemaEngine']).toBe('function');
    expect(typeof exports['__wbg_set_wasm']).toBe('function');
  });
});
