// Writes docs/events.md from the event catalogue in libs/domain/events.
//
//   node scripts/generate-event-docs.ts           # regenerate
//   node scripts/generate-event-docs.ts --check   # exit 1 when docs/events.md is stale (CI)
//
// Runs on Node 24's built-in type stripping, no build step. The library uses extension-less
// relative imports (bundler resolution), which Node's ESM loader does not resolve, so a
// resolve hook adds `.ts` / `/index.ts`; the tsconfig path alias is bypassed with a relative
// import of the library's entry point.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (relative && context.parentURL?.endsWith('.ts')) {
        for (const suffix of ['.ts', '/index.ts']) {
          const candidate = new URL(specifier + suffix, context.parentURL);
          if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
        }
      }
      throw error;
    }
  },
});

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, 'docs/events.md');
const { renderEventCatalogueMarkdown } = await import('../libs/domain/events/src/index.ts');
const markdown = renderEventCatalogueMarkdown();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== markdown) {
    console.error('docs/events.md is out of date: run `node scripts/generate-event-docs.ts`');
    process.exit(1);
  }
  console.log('docs/events.md is up to date');
} else {
  writeFileSync(target, markdown);
  console.log(`wrote ${target}`);
}
