package gradlab.mnist.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * GradLab's MNIST command line: {@code train} (the README's first command runs it with its defaults),
 * {@code evaluate}, {@code grid}, {@code predict} and {@code bench}.
 *
 * <pre>
 * ./mvnw -q compile exec:java                                   # train with the defaults
 * ./mvnw -q compile exec:java -Dexec.args="train --epochs 3 --data-dir ../shared/datasets/mnist"
 * ./mvnw -q compile exec:java -Dexec.args="--help"
 * </pre>
 */
@Command(name = "gradlab-mnist", mixinStandardHelpOptions = true, version = "GradLab part 5 (MNIST) 0.1.0",
        description = "Train, evaluate and benchmark GradLab's MLP on MNIST.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, GridCommand.class, PredictCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exits with the command's code only when it failed, so under {@code exec:java} a success returns to Maven. */
    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code (0 on success), without exiting: tests call this. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** The command line with its error handling: a bad option or input prints one clear message, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof IllegalStateException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: train, evaluate, grid,"
                + " predict or bench (see --help)");
    }
}
