/**
 * Turns wasm-bindgen's ESM glue (`schema_engine_bg.js`: top-level `export function` and
 * `export class` declarations, no imports) into a function body that fills an `exports`
 * object, so one loader works under Node, tsx and Jest's CommonJS runtime (which cannot load ESM).
 * Fails loudly on any other module syntax, so a changed glue file is noticed, not half-run.
 */
export function esmBindingsToFunctionBody(source: string): string {
  const names: string[] = [];
  const body = source.replace(/^export (function|class) ([A-Za-z_$][\w$]*)/gm, (_m, kind: string, name: string) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  const leftover = /^\s*(export|import)\b.*$/m.exec(body);
  if (leftover) {
    throw new Error(`unexpected module syntax in the schema engine glue: "${leftover[0].trim()}"`);
  }
  if (names.length === 0) throw new Error('no exports found in the schema engine glue');
  return `${body}\n;Object.assign(exports, { ${names.join(', ')} });\n`;
}
