package io.sluice.node.testing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The lines of a process's log (as the packaged jars' logback pattern writes it, stderr merged in)
 * that a clean run must not have: a WARN or ERROR, an exception or error class named at any level,
 * a stack trace line, or an uncaught exception on some thread ("Exception in thread ...").
 */
public final class LogProblems {
    private static final Pattern PROBLEM = Pattern.compile(
            "^\\S+\\s+(WARN|ERROR)\\s"              // "12:00:00.000 WARN  Logger - ..."
                    // a class name (NoClassDefFoundError, java.io.IOException, "Exception in thread"), not a
                    // JVM flag such as -XX:+ExitOnOutOfMemoryError
                    + "|(^|[\\s.(])\\w*(Exception|Error)\\b"
                    + "|^\\s+at\\s|^Caused by:");

    private LogProblems() {
    }

    public static List<String> in(String log) {
        return log.lines().filter(line -> PROBLEM.matcher(line).find()).toList();
    }
}
