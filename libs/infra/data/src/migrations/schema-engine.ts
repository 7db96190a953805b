import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import { esmBindingsToFunctionBody } from './esm-bindings';

export type SchemaEngineModule = typeof SchemaEngineWasm;
export type SchemaEngine = SchemaEngineWasm.SchemaEngine;

interface PanicRegistry {
  message: string;
  get(): string;
  set_message(message: string): void;
}

/**
 * The Wasm glue reports a Rust panic through this global; without it a panic surfaces as
 * "Cannot read properties of undefined (reading 'set_message')" instead of its message.
 */
export function panicRegistry(): PanicRegistry {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    get() {
      return this.message;
    },
    set_message(message: string) {
      this.message = message;
    },
  };
  return g.PRISMA_WASM_PANIC_REGISTRY;
}

// The global exists in Node; the es2023 lib and this @types/node version do not declare it.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => {
    exports: Record<string, unknown>;
  };
};

let loading: Promise<SchemaEngineModule> | undefined;

/**
 * Loads the Wasm schema engine once per process (compiling its 5 MB module takes ~0.2 s).
 * First from its glue file, which works the same under Node, tsx and Jest's CommonJS runtime;
 * then, where no file path can be resolved (a bundle), through the package's ESM entry.
 */
export function loadSchemaEngine(): Promise<SchemaEngineModule> {
  panicRegistry();
  loading ??= Promise.resolve()
    .then(instantiateFromGlue)
    .catch(async (glueError: unknown) => {
      try {
        return await import('@prisma/schema-engine-wasm');
      } catch (nativeError) {
        throw new Error(`cannot load @prisma/schema-engine-wasm: ${String(glueError)}; ${String(nativeError)}`);
      }
    });
  return loading;
}

/**
 * The engine arms a setTimeout for its advisory-lock timeout and never clears it; a referenced
 * 10 s timer would keep a finished CLI or test run alive. The lock wait itself holds a socket,
 * so unref'ing the timer cannot end the process early.
 */
function unrefSetTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return timer;
}

/**
 * Evaluates the wasm-bindgen glue in this realm (it checks `instanceof Promise`/`Uint8Array`,
 * so it must share the adapter's realm) and instantiates the .wasm with it, as the package's
 * own 5-line ESM entry point does.
 */
function instantiateFromGlue(): SchemaEngineModule {
  // createRequire, not require.resolve: a bundler would replace require.resolve with a module id.
  const gluePath = createRequire(__filename).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue: Record<string, unknown> = {};
  new Function('exports', 'setTimeout', esmBindingsToFunctionBody(readFileSync(gluePath, 'utf8')))(
    glue,
    unrefSetTimeout,
  );
  const wasmModule = new WebAssembly.Module(readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': glue });
  (glue['__wbg_set_wasm'] as (exports: Record<string, unknown>) => void)(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  return glue as unknown as SchemaEngineModule;
}
