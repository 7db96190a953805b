// Writes Jest's own totals for this run to $BORDERLEDGER_REPORT_DIR so scripts/test.ts can print
// one `N passed, N failed` line over the unit, integration and end-to-end runs.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.BORDERLEDGER_REPORT_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const name = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
    writeFileSync(
      join(dir, name),
      JSON.stringify({
        rootDir: this.globalConfig.rootDir,
        numPassedTests: results.numPassedTests,
        numFailedTests: results.numFailedTests,
        numPendingTests: results.numPendingTests,
        numTodoTests: results.numTodoTests,
        numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
        numTotalTestSuites: results.numTotalTestSuites,
        failedSuites: results.testResults.filter((r) => r.numFailingTests > 0 || r.testExecError).map((r) => r.testFilePath),
      }),
    );
  }
}

module.exports = SummaryReporter;
