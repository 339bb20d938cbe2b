package gradlab.exercises.ex5;

import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.nn.Module;
import gradlab.nn.loss.Loss;
import gradlab.optim.Optimizer;
import gradlab.tensor.Tensor;

/**
 * Exercise 5.1: the training loop and the evaluation loop, as every PyTorch training script writes them, over
 * part 5's {@link DataLoader} (mini-batches: {@code batch.x()} of shape [B, features], {@code batch.y()} the class
 * indices [B]), with a part-3 {@link Module}, a part-3 {@link Loss} and a part-4 {@link Optimizer}.
 *
 * <p><b>Task.</b> Implement {@link #trainEpoch}: one pass over the loader in training mode, one optimizer step per
 * batch, returning the mean of the batches' losses. Implement {@link #evaluate}: the model's accuracy on every
 * example of the loader, in evaluation mode (dropout off) and without recording a graph, leaving the model in the
 * mode it was in before.
 *
 * <p><b>Math.</b> For each batch (x, y): L = loss(model(x), y); the backward pass fills p.grad = dL/dp for every
 * parameter; the optimizer's step moves p (e.g. SGD: p = p - lr * p.grad). The epoch's loss is
 * (1/K) sum_k L_k over its K batches. Accuracy = (number of rows whose argmax over the classes equals y) / N.
 * <pre>
 *   model.train()
 *   for (x, y) in loader:
 *       optimizer.zero_grad()          # else gradients of earlier batches accumulate (+=)
 *       loss = loss_fn(model(x), y)
 *       loss.backward()
 *       optimizer.step()
 * </pre>
 *
 * <p><b>Hint.</b> {@code for (Batch b : loader)} serves one epoch. {@code loss.item()} is the batch's loss as a
 * double. For evaluation: remember {@code model.isTraining()}, call {@code model.eval()}, run the batches inside
 * {@code try (var g = Tensor.noGrad()) { ... }} and give the mode back in a {@code finally} with
 * {@code model.train(wasTraining)}; {@code out.argmax(1, false).toDoubleArray()} gives the predicted classes and
 * {@code b.y().toDoubleArray()} the true ones.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /**
     * One epoch of training: for every batch of {@code loader}, zeroGrad, forward, loss, backward, step.
     *
     * @return the mean of the batches' losses
     */
    public static double trainEpoch(Module model, DataLoader loader, Optimizer optimizer, Loss lossFn) {
        throw new UnsupportedOperationException("TODO ex5.1: TrainingLoop.trainEpoch");
    }

    /**
     * The fraction of the loader's examples whose predicted class (the argmax of the model's output row) is the
     * label, computed in eval mode under no-grad; the model is left in the mode it was in.
     */
    public static double evaluate(Module model, DataLoader loader) {
        throw new UnsupportedOperationException("TODO ex5.1: TrainingLoop.evaluate");
    }
}
