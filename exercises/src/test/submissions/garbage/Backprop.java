This is not Java: Backprop
