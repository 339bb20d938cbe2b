This is not Java: Softplus
