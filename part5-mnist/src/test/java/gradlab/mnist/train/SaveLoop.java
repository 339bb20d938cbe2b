package gradlab.mnist.train;

import gradlab.nn.Linear;
import gradlab.nn.Sequential;
import gradlab.nn.io.SafeTensors;
import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.optim.io.Checkpoint;
import gradlab.optim.lr.StepLR;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link KillDuringSaveTest}: saves step after step of a deterministic training state to three
 * files in one folder, and prints a line after each save completes, until it is killed:
 * <pre>
 *   weights.safetensors   part 3's SafeTensors.save of the model's state dict, metadata "step"
 *   checkpoint.safetensors part 4's Checkpoint.save (model, Adam, StepLR; progress epoch = step = the step)
 *   run.safetensors       part 5's RunCheckpoint.save (the same, plus the run state; its epoch is the step)
 * </pre>
 * The state of step i is a function of (seed, i) alone ({@link State#of}), so the parent rebuilds the state a file
 * claims to hold and compares every tensor.
 * Usage: {@code java -cp <test class path> gradlab.mnist.train.SaveLoop <folder> <seed>}.
 */
public final class SaveLoop {
    static final String WEIGHTS = "weights.safetensors";
    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String RUN = "run.safetensors";
    /** Large enough that a save takes a few milliseconds (so kills land inside writes), small enough to be quick. */
    static final int WIDTH = 256;

    private SaveLoop() {
    }

    /** A model (Linear WIDTH -> WIDTH -> 10), an Adam that has stepped once, and its StepLR stepped 1 + i % 4 times. */
    record State(Sequential model, Optimizer optimizer, StepLR scheduler) {

        /** A fresh model, optimizer and scheduler to load a file into. */
        static State blank() {
            Sequential model = new Sequential(new Linear(WIDTH, WIDTH), new Linear(WIDTH, 10));
            Adam adam = new Adam(model.parameters(), 0.01);
            return new State(model, adam, new StepLR(adam, 3, 0.5));
        }

        /** The state of step {@code step} of the run {@code seed}: weights from Generator(seed, step), then one Adam step. */
        static State of(long seed, int step) {
            State s = blank();
            Generator g = new Generator(seed * 1_000_003L + step);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            s.model.stateDict().forEach((name, t) -> weights.put(name, Tensor.rand(g, t.shape())));
            s.model.loadStateDict(weights);
            s.optimizer.zeroGrad();                         // one step: the optimizer and scheduler have state
            s.model.call(Tensor.rand(g, 1, WIDTH)).pow(2).sum().backward();
            s.optimizer.step();
            for (int k = 0; k <= step % 4; k++) {
                s.scheduler.step();
            }
            return s;
        }

        RunCheckpoint.RunState runState(int step) {
            return new RunCheckpoint.RunState(TrainConfig.homework(1), step, new Generator(step).getState(),
                    new Generator(-step).getState(), List.of(new EpochRecord(1, 0.5, 0.4, 0.9, 1.0, 0.1)));
        }

        /** Saves this state, as step {@code step}, to the three files of {@code dir}; {@code done} hears each. */
        void saveAll(Path dir, int step, PrintStream done) throws Exception {
            SafeTensors.save(dir.resolve(WEIGHTS), model.stateDict(), Map.of("step", Integer.toString(step)));
            done.println("saved " + WEIGHTS + " " + step);
            Checkpoint.save(dir.resolve(CHECKPOINT), model, optimizer, List.of(scheduler),
                    new Checkpoint.Progress(step, step));
            done.println("saved " + CHECKPOINT + " " + step);
            RunCheckpoint.save(dir.resolve(RUN), model, optimizer, List.of(scheduler), runState(step),
                    model.stateDict());   // the best weights (of the history's one epoch): this step's model
            done.println("saved " + RUN + " " + step);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true);   // autoflush: the parent reads each line at once
        out.println("ready");
        for (int step = 1; ; step++) {
            State.of(seed, step).saveAll(dir, step, out);
        }
    }
}
