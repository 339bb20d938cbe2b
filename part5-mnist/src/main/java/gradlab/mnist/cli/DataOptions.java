package gradlab.mnist.cli;

import gradlab.mnist.DeviceChoice;
import gradlab.mnist.data.DataSource;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where the data is, which dataset, which device, how many threads. */
final class DataOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the four IDX files (gzipped or"
            + " not). Default: $MNIST_DIR, else ~/.cache/gradlab/<dataset>, else a download there, else (MNIST"
            + " only) the embedded 6,000 + 1,000 subset.")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "mnist|fashion", defaultValue = "mnist",
            description = "mnist or fashion (Fashion-MNIST). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--device", paramLabel = "cpu|reference|opencl|auto", defaultValue = "auto",
            description = "Where the tensors live and the kernels run. Default: ${DEFAULT-VALUE}.")
    String device;

    /**
     * 1 by default: on the project's 2-core machine one thread trained the MNIST MLP 10-15% faster than two (the
     * products are small enough that splitting them costs more than it gains; part 5's README, section 6).
     */
    @Option(names = "--threads", paramLabel = "N", description = "Threads for the CPU kernels. Default: 1 (measured"
            + " faster than 2 for this model; pass --threads 2 to try both cores).")
    Integer threads;

    @Option(names = "--no-download", description = "Never download; use --data-dir, $MNIST_DIR, the cache or the"
            + " embedded subset.")
    boolean noDownload;

    DatasetKind kind() {
        return DatasetKind.fromId(dataset);
    }

    DeviceChoice deviceChoice() {
        return DeviceChoice.parse(device);
    }

    int threadCount() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads: " + threads + " is not a thread count; expected a whole"
                    + " number >= 1 (e.g. 2)");
        }
        return threads == null ? 1 : threads;
    }

    MnistData load(PrintWriter out) throws IOException {
        MnistData data = new DataSource(DataSource.defaultCacheRoot(), null, !noDownload, out::println)
                .resolve(kind(), dataDir, System.getenv());
        out.println("data: " + data.source());
        return data;
    }
}
