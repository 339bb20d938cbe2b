This is not Java: MatMul
