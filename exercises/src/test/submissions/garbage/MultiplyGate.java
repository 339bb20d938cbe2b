This is not Java: MultiplyGate
