package gradlab.tensor.testing;

import gradlab.tensor.Defaults;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.ReferenceDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every check of {@link NonDifferentiableOpsTest}, with every tensor on the reference device (its kernels see compact
 * operands only, so the bridge's copies are checked for comparisons, sign, argmax and oneHot in every layout too).
 */
class NonDifferentiableOpsOnReferenceDeviceTest extends NonDifferentiableOpsTest {
    private Defaults onReference;

    @BeforeEach
    void useTheReferenceDevice() {
        onReference = Tensor.usingDevice(ReferenceDevice.INSTANCE);
    }

    @AfterEach
    void restoreTheDefaultDevice() {
        onReference.close();
    }
}
