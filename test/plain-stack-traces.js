/**
 * cdktf records a stack trace for every token it creates (the "created at" of its error messages).
 * Under jest each trace went through jest's source-map formatting, which made those captures half
 * of a test's synth time. Here they are formatted as in a real `cdktf synth`, by V8's own call-site
 * strings without source-map lookups: the same frames a user's synth records, the same output.
 */
const formatPlainly = (_error, callSites) => `Error\n    at ${callSites.join("\n    at ")}`;

jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({
  captureStackTrace: function captureStackTrace(below) {
    const holder = { stack: "" };
    const previousLimit = Error.stackTraceLimit;
    const previousPrepare = Error.prepareStackTrace;
    try {
      Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
      Error.prepareStackTrace = formatPlainly;
      Error.captureStackTrace(holder, below || captureStackTrace);
      return holder.stack
        .split("\n")
        .slice(1)
        .map((line) => line.replace(/^\s*at\s+/, ""));
    } finally {
      Error.stackTraceLimit = previousLimit;
      Error.prepareStackTrace = previousPrepare;
    }
  },
}));
