module.exports = require('../../tools/webpack/nest-app.config')(__dirname, {
  // Submission validation on worker threads (see src/app/commit/worker-submission-validator.ts).
  additionalEntryPoints: [{ entryName: 'validation-worker', entryPath: './src/validation-worker.ts' }],
});
