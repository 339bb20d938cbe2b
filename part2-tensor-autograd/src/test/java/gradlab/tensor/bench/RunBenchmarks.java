package gradlab.tensor.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs part 2's JMH benchmarks ({@code gradlab.tensor.bench}) and adds a GFLOP/s table for the matrix products.
 * Takes JMH's own command-line options, e.g. {@code -f 1 -wi 3 -i 5} or a benchmark regex such as {@code Matmul}.
 */
public final class RunBenchmarks {
    private RunBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        if (cli.getIncludes().isEmpty()) {
            builder.include(RunBenchmarks.class.getPackageName() + ".");
        }
        Options options = builder.parent(cli).build();
        Collection<RunResult> results = new Runner(options).run();

        System.out.println();
        System.out.println("CPU matmul kernel: " + gradlab.tensor.device.CpuDevice.matmulKernel());
        System.out.println("Matrix products of the MNIST MLP as Linear runs them (GFLOP/s = 2 n k m / time):");
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            if (!label.contains("MatmulBenchmark")) {
                continue;
            }
            String method = label.substring(label.lastIndexOf('.') + 1);
            double micros = r.getPrimaryResult().getScore();
            String layer = r.getParams().getParam("layer");
            double gflops = MatmulBenchmark.flops(layer) / (micros * 1e3);
            System.out.printf(Locale.ROOT, "  %-8s %-10s %-8s %s thread(s) %10.1f us  %6.2f GFLOP/s%n", layer, method,
                    r.getParams().getParam("dtype"), r.getParams().getParam("threads"), micros, gflops);
        }
    }
}
