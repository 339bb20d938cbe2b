package gradlab.mnist.opencl;

import gradlab.tensor.device.Device;
import gradlab.tensor.ops.OpCatalogueTest;
import java.util.List;

/**
 * Part 2's op catalogue (every op: values against a plain reference, gradcheck, the float32/float64 agreement and
 * gradgradcheck, in every layout) run on the OpenCL device. Test names say "on opencl". Skipped, saying why, only
 * when no OpenCL platform exists.
 */
class OpenClOpCatalogueTest extends OpCatalogueTest {
    @Override
    protected List<Device> devices() {
        return List.of(OpenClTesting.device());
    }
}
