This is not Java: CrossEntropyLoss
