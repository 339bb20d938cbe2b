This is not Java: Linear
