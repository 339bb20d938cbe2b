package gradlab.exercises.grader;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grader batch}: grades a folder of submissions (see {@link BatchGrader}). */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Grade every submission in a folder (one subfolder or zip per student): scores.csv and a"
                + " results folder per student.")
final class BatchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GraderCli.Common common;

    @Option(names = "--submissions", required = true, description = "folder with one subfolder or zip per student")
    Path submissions;

    @Option(names = "--out", required = true, description = "folder for scores.csv and <student>/results.json")
    Path out;

    @Option(names = "--jobs", description = "student JVMs at once (default: the number of cores, at most 256)")
    Integer jobs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // the default is the number of cores, at most 256; only a --jobs the user gave can be out of range
        int n = jobs == null ? Math.min(256, Runtime.getRuntime().availableProcessors()) : jobs;
        if (n < 1 || n > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs: " + n + " student JVMs at once is"
                    + " not allowed; expected a whole number in [1, 256], e.g. 2");
        }
        Grader.Options options = common.options(spec.commandLine());
        try (Grader grader = new Grader(common.tests, options)) {
            BatchGrader.Result r = new BatchGrader(grader, n, true).grade(submissions, out);
            System.out.println("graded " + r.graded() + " submission(s), " + r.failed() + " could not be graded;"
                    + " wrote " + out.resolve("scores.csv"));
            return 0;
        } catch (GradingException e) {
            System.err.println("grader batch: could not grade: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("grader batch: could not grade: " + e);
            return 1;
        }
    }
}
