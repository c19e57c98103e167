const Sequencer = require("@jest/test-sequencer").default;

/**
 * jest runs the longest files first, by the durations of the last run. A fresh clone (every CI
 * run) has none, and jest then orders by file size: the real-process files under
 * test/integration/, which wait on nginx's and Terraform's clocks for up to 18 s, started last
 * and set the length of the run (58 s instead of 46). Without a recorded duration, those count as
 * slower than any unit test file.
 */
class SlowFirstSequencer extends Sequencer {
  time(test) {
    const recorded = super.time(test);
    if (recorded != null) return recorded;
    const size = test.context.hasteFS.getSize(test.path) ?? 0;
    return (test.path.includes("/test/integration/") ? 10_000 : 0) + size / 100;
  }
}

module.exports = SlowFirstSequencer;
