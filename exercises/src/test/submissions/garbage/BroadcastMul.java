This is not Java: BroadcastMul
