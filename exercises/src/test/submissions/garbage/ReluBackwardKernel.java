This is not Java: ReluBackwardKernel
