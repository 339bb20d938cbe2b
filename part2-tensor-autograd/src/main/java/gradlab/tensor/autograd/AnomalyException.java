package gradlab.tensor.autograd;

/** Thrown in {@link AnomalyMode} by the first op whose forward output or backward gradient holds NaN or Inf. */
public final class AnomalyException extends ArithmeticException {
    public AnomalyException(String message) {
        super(message);
    }
}
