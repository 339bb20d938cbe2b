This is not Java: SigmoidGate
