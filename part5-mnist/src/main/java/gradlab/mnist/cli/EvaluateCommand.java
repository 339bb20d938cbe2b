package gradlab.mnist.cli;

import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.model.MlpFactory;
import gradlab.mnist.train.Evaluation;
import gradlab.mnist.train.RunOutputs;
import gradlab.mnist.train.TrainConfig;
import gradlab.nn.Sequential;
import gradlab.nn.io.SafeTensors;
import gradlab.tensor.Generator;
import gradlab.tensor.device.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code evaluate}: a saved model's accuracy, per-class accuracy and confusion matrix on the test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model (a train run's model.safetensors) on the test set.")
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "model.safetensors written by train (or its --out folder).")
    Path model;
    @Mixin
    DataOptions data;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Path file = modelFile(model);
        TrainConfig config = RunOutputs.readConfig(file);
        Device device = data.deviceChoice().device();
        return Threads.run(data.threadCount(), () -> {
            MnistData mnist = data.load(log);
            Sequential net = load(file, config, mnist.train().features(), mnist.kind().classNames().size(), device);
            log.println("model: " + config.summary(mnist.train().features(), mnist.kind().classNames().size()));
            Evaluation test = Evaluation.of(net, config.loss().loss(),
                    DataLoader.sequential(mnist.test(), 1000, device, config.dtypeValue()),
                    mnist.kind().classNames().size());
            TrainCommand.report(test, mnist, log);
            return 0;
        });
    }

    /** The file itself, or model.safetensors inside a folder. */
    static Path modelFile(Path given) {
        Path f = Files.isDirectory(given) ? given.resolve(RunOutputs.MODEL) : given;
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("MODEL: " + f + " is not a file; name the model.safetensors a train"
                    + " run wrote, or its --out folder");
        }
        return f;
    }

    /** Rebuilds the model from its config and loads the weights (strictly: same names and shapes). */
    public static Sequential load(Path file, TrainConfig config, int inputs, int classes, Device device)
            throws IOException {
        Sequential net = MlpFactory.build(inputs, config.hiddenSizes(), classes, config.activation(),
                config.dropout(), config.loss(), new Generator(0), new Generator(0), device, config.dtypeValue());
        net.loadStateDict(SafeTensors.load(file));
        net.eval();
        return net;
    }
}
