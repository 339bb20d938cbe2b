package gradlab.mnist.opencl;

import gradlab.tensor.device.Device;
import gradlab.tensor.testing.OpCatalogueTests;
import java.util.List;

/**
 * Part 2's op catalogue (every op: values against a plain reference, gradcheck, the float32/float64 agreement and
 * gradgradcheck, in every layout) run on the OpenCL device. Test names say "on opencl". Skipped, saying why, only
 * when no OpenCL platform exists. Every kernel launch costs a round trip on pocl, so it runs the first 14 cases of
 * each entry (every layout twice, gradgradcheck twice) instead of 100; the kernels' own tests cover sizes and
 * values.
 */
class OpenClOpCatalogueTest extends OpCatalogueTests {
    @Override
    protected List<Device> devices() {
        return List.of(OpenClTesting.device());
    }

    @Override
    protected int cases() {
        return 14;
    }
}
