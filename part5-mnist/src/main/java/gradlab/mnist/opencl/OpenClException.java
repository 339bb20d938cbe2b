package gradlab.mnist.opencl;

/**
 * An OpenCL kernel did not run on the OpenCL device: it failed to compile or to launch, or Aparapi ran it in its Java
 * thread pool instead. The message names the kernel, the device and Aparapi's reason. GradLab never falls back
 * silently: a run that asked for OpenCL either runs on OpenCL or stops here.
 */
public final class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
