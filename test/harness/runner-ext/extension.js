// Test-only extension: runs an extensionTestsPath-style module (`exports.run(): Promise<void>`) inside the
// real extension host against the INSTALLED .vsix, without extension-development mode. Inert unless the
// harness sets both environment variables, so it cannot affect anything when installed by mistake.
const fs = require('node:fs');

exports.activate = async function activate() {
  const tests = process.env.EXT_TEST_RUNNER_TESTS;
  const done = process.env.EXT_TEST_RUNNER_DONE;
  if (!tests || !done) return;
  let code = 0;
  let error;
  try {
    await require(tests).run();
  } catch (e) {
    code = 1;
    error = String((e && e.stack) || e);
  }
  fs.writeFileSync(done, JSON.stringify({ code, error }));
};

exports.deactivate = function deactivate() {};
