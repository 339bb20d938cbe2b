package gradlab.exercises.grader;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The grader's command line:
 * <pre>
 *   grader grade   --submission &lt;dir|zip&gt; --tests &lt;hidden test dir&gt; --out &lt;dir&gt;
 *   grader batch   --submissions &lt;dir&gt; --tests &lt;hidden test dir&gt; --out &lt;dir&gt; [--jobs n]
 *   grader package --tests &lt;hidden test dir&gt; --out autograder.zip
 * </pre>
 * Exit code 0 when grading worked, whatever the scores; 1 when it could not grade (the message says why);
 * 2 for a wrong command line.
 */
@Command(name = "grader", mixinStandardHelpOptions = true, version = "GradLab grader",
        description = "Grades GradLab workbook submissions with hidden JUnit tests.",
        subcommands = {GraderCli.Grade.class, BatchCommand.class, PackageCommand.class})
public final class GraderCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new GraderCli()).execute(args);
    }

    /**
     * Runs the command line with picocli's messages (usage errors, bad option values) written to {@code out} and
     * {@code err}; returns the exit code.
     */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new GraderCli());
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** Options shared by the grading commands. */
    static class Common {
        @Option(names = "--tests", required = true, description = "folder of hidden test sources")
        Path tests;

        @Option(names = "--timeout", defaultValue = "10", description = "per-test timeout in seconds (default 10)")
        int timeoutSeconds;

        @Option(names = "--output-cap", defaultValue = "8192",
                description = "bytes of a test's printing kept in the report (default 8192)")
        int outputCap;

        @Option(names = "--heap", defaultValue = "512m", description = "heap of each test JVM (default 512m)")
        String heap;

        /** The options, each checked: a bad value is a usage error (exit 2) naming its flag. */
        Grader.Options options(CommandLine command) {
            try {
                return new Grader.Options(timeoutSeconds, outputCap, heap);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(command, e.getMessage());
            }
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = "Grade one submission: writes results.json (Gradescope's format) and summary.md.")
    static final class Grade implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--submission", required = true, description = "the student's folder or zip")
        Path submission;

        @Option(names = "--out", required = true, description = "folder for results.json and summary.md")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Grader.Options options = common.options(spec.commandLine());   // before anything is compiled or written
            try (Grader grader = new Grader(common.tests, options)) {
                GradeReport r = grader.grade(submission, out);
                System.out.println(ReportWriter.headline(r));
                r.replaced().forEach((f, why) -> System.out.println("  " + f + ": " + why.split("\n", 2)[0]));
                System.out.println("  wrote " + out.resolve("results.json") + " and " + out.resolve("summary.md"));
                return 0;
            } catch (GradingException e) {
                return cannotGrade(e.getMessage());
            } catch (java.io.IOException | RuntimeException e) {
                return cannotGrade(e.toString());
            }
        }

        /** Says why on stderr and in a results.json with score 0 (what Gradescope shows the student); exit 1. */
        private int cannotGrade(String why) {
            System.err.println("grader: could not grade " + submission + ": " + why);
            try {
                ReportWriter.writeFailure(out, why);
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("grader: could not write " + out.resolve("results.json") + " either: " + e);
            }
            return 1;
        }
    }
}
