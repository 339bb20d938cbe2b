package gradlab.exercises.grader;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grader package}: builds a Gradescope autograder zip (see {@link GradescopePackager}). */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = "Build a Gradescope autograder zip (setup.sh, run_autograder, hidden tests, engine).")
final class PackageCommand implements Callable<Integer> {
    @Option(names = "--tests", required = true, description = "folder of hidden test sources")
    Path tests;

    @Option(names = "--out", required = true, description = "the zip to write, e.g. autograder.zip")
    Path out;

    @Override
    public Integer call() {
        try {
            GradescopePackager.build(tests, out);
            System.out.println("wrote " + out + "; upload it as the assignment's autograder on Gradescope");
            return 0;
        } catch (GradingException e) {
            System.err.println("grader package: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("grader package: could not write " + out + ": " + e);
            return 1;
        }
    }
}
