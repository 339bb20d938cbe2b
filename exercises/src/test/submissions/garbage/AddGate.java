This is not Java: AddGate
