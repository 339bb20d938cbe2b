This is not Java: AdamOptimizer
