This is not Java: Dropout
