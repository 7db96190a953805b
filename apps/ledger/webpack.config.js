module.exports = require('../../tools/webpack/nest-app.config')(__dirname, {
  // Ed25519 verification on worker threads (see src/app/commit/worker-signature-checker.ts).
  additionalEntryPoints: [{ entryName: 'signature-worker', entryPath: './src/signature-worker.ts' }],
});
