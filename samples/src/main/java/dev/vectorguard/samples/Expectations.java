package dev.vectorguard.samples;

import java.io.PrintStream;

/**
 * The demo's checks: each step says what it expects and whether it held, so the demo doubles as
 * an end-to-end test (its exit code is non-zero when any expectation fails).
 */
final class Expectations {
  private final PrintStream out;
  private int held;
  private int failed;

  Expectations(PrintStream out) {
    this.out = out;
  }

  /** Records one expectation and prints it. */
  boolean expect(boolean condition, String what) {
    if (condition) {
      held++;
      out.println("     ok    " + what);
    } else {
      failed++;
      out.println("     FAIL  " + what);
    }
    return condition;
  }

  int held() {
    return held;
  }

  int failed() {
    return failed;
  }

  /** Prints the summary line and returns the process exit code. */
  int finish() {
    out.println();
    if (failed == 0) {
      out.println("All " + held + " expectations held.");
      return 0;
    }
    out.println(failed + " of " + (held + failed) + " expectations FAILED: Vectorguard did not behave as this demo says.");
    return 1;
  }
}
