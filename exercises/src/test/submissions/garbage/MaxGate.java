This is not Java: MaxGate
