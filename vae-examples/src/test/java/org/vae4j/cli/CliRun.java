package org.vae4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code vae4j} command line in the test's JVM: its exit code and what it printed.
 *
 * @param exitCode 0 for success, 1 for a file or data error, 2 for a usage error
 * @param out what it printed on standard output
 * @param err what it printed on standard error (errors, one line each)
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code vae4j args...}, as {@code java -jar vae-examples.jar args...} would. */
    static CliRun vae4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Vae4jCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
