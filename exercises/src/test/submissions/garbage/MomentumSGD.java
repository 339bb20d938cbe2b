This is not Java: MomentumSGD
